package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import dev.herald.contact.ContactDestinations;
import dev.herald.delivery.FlowStarter;
import dev.herald.delivery.NewFlow;
import dev.herald.delivery.PlannedChannel;
import dev.herald.delivery.SendingWindow;
import dev.herald.delivery.StartedFlow;
import dev.herald.provider.ProviderRegistry;
import dev.herald.template.GroupContents;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a send request: validates it whole, then in one transaction stores the bulk, its groups and one
 * flow per destination and queues the first messages. A rejected request stores nothing.
 */
@Service
public class MessageIntake {

    private static final TypeReference<List<SendResponseItem>> ITEMS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageRequestValidator validator;
    private final IdempotencyRecords idempotency;
    private final FlowStarter starter;
    private final ProviderRegistry providers;
    private final ContactDestinations contactDestinations;
    private final Accounts accounts;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String defaultSender;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final GroupContents groupContents;

    MessageIntake(MessageRequestValidator validator, IdempotencyRecords idempotency, FlowStarter starter,
                  ProviderRegistry providers, ContactDestinations contactDestinations, Accounts accounts,
                  JdbcClient jdbc, JsonMapper json,
                  @Value("${herald.default-sender:Herald}") String defaultSender, Clock clock,
                  TransactionTemplate tx, GroupContents groupContents) {
        this.groupContents = groupContents;
        this.clock = clock;
        this.tx = tx;
        this.validator = validator;
        this.idempotency = idempotency;
        this.starter = starter;
        this.providers = providers;
        this.contactDestinations = contactDestinations;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.json = json;
        this.defaultSender = defaultSender;
    }

    /** The response, and whether it is the replay of an earlier request with the same idempotency key. */
    public record Accepted(List<SendResponseItem> items, boolean replayed) {}

    public Accepted accept(AccountId account, SendMessagesRequest request, String idempotencyKey) {
        // Outside the transaction: checking callback hosts may wait for DNS, which must not hold a connection.
        validator.validate(account, request);
        return tx.execute(status -> store(account, request, idempotencyKey));
    }

    private Accepted store(AccountId account, SendMessagesRequest request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<String> earlier = idempotency.claim(account, IdempotencyRecords.Scope.REQUEST, idempotencyKey,
                    json.writeValueAsString(request));
            if (earlier.isPresent()) {
                return new Accepted(json.readValue(earlier.get(), ITEMS), true);
            }
        }
        Bulk bulk = new Bulk(account, request);
        ZoneId accountZone = accounts.timeZone(account);
        List<SendResponseItem> items = new ArrayList<>();
        for (int position = 0; position < request.messages().size(); position++) {
            items.addAll(acceptGroup(account, bulk, position, request.messages().get(position), accountZone));
        }
        if (idempotencyKey != null) {
            idempotency.complete(account, IdempotencyRecords.Scope.REQUEST, idempotencyKey, json.writeValueAsString(items));
        }
        return new Accepted(items, false);
    }

    private List<SendResponseItem> acceptGroup(AccountId account, Bulk bulk, int position, MessageGroupRequest original,
                                               ZoneId accountZone) {
        String key = original.idempotencyKey();
        if (key != null) {
            Optional<String> earlier = idempotency.claim(account, IdempotencyRecords.Scope.GROUP, key,
                    json.writeValueAsString(original));
            if (earlier.isPresent()) {
                return json.readValue(earlier.get(), ITEMS);
            }
        }
        // The template's channels (if it names one), and what makes each destination's contents its own.
        GroupContents.Prepared prepared = groupContents.prepare(account, original, "messages[" + position + "]");
        MessageGroupRequest group = prepared.group();
        UUID bulkId = bulk.open();
        UUID groupId = UUID.randomUUID();
        Map<Channel, Map<String, Object>> contents = contents(group);
        Map<Channel, String> routes = routes(account, group);
        insertGroup(account, bulkId, groupId, position, group, contents, prepared);

        ZoneId zone = group.timeZone() == null ? accountZone : ZoneId.of(group.timeZone());
        SendingWindow window = SendingWindow.parse(
                group.allowedTimeRanges() == null ? List.of() : group.allowedTimeRanges(), zone);
        Instant now = clock.instant();
        Instant requested = group.sendAt() == null || group.sendAt().toInstant().isBefore(now) ? now : group.sendAt().toInstant();
        Instant dueAt = window.nextAllowed(requested);

        List<NewFlow> flows = new ArrayList<>(group.destinations().size());
        for (int i = 0; i < group.destinations().size(); i++) {
            DestinationRequest destination = group.destinations().get(i);
            ContactDestinations.Destination contact = contactDestinations.of(account.value(), destination.contactId(),
                    destination.externalCustomerId(), destination.phone(), destination.email());
            List<PlannedChannel> plan = plan(group, routes, destination, contact);
            flows.add(new NewFlow(UUID.randomUUID(), account.value(), bulkId, groupId, i,
                    describe(destination, contact), plan, contents, dueAt));
        }
        List<StartedFlow> started = starter.start(prepared.personalize(flows, group.destinations()));
        List<SendResponseItem> items = started.stream()
                .map(s -> new SendResponseItem(s.firstMessageId(), bulkId, groupId, s.flowId(), s.status().name(),
                        s.channel().name(), s.error()))
                .toList();
        if (key != null) {
            idempotency.complete(account, IdempotencyRecords.Scope.GROUP, key, json.writeValueAsString(items));
        }
        return items;
    }

    /** The request's bulk, stored when its first group is (a request whose groups all replay stores none). */
    private final class Bulk {

        private final AccountId account;
        private final SendMessagesRequest request;
        private UUID id;

        Bulk(AccountId account, SendMessagesRequest request) {
            this.account = account;
            this.request = request;
        }

        UUID open() {
            if (id == null) {
                UUID bulkId = request.bulkId() == null ? UUID.randomUUID() : UUID.fromString(request.bulkId());
                jdbc.sql("INSERT INTO bulk (id, account_id, task_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
                        .params(bulkId, account.value(), request.taskId())
                        .update();
                boolean ours = jdbc.sql("SELECT account_id = ? FROM bulk WHERE id = ?")
                        .params(account.value(), bulkId)
                        .query(Boolean.class)
                        .single();
                if (!ours) {
                    throw new InvalidRequestException("bulkId", "is already in use; choose another UUID or leave it out");
                }
                id = bulkId;
            }
            return id;
        }
    }

    private void insertGroup(AccountId account, UUID bulkId, UUID groupId, int position, MessageGroupRequest group,
                             Map<Channel, Map<String, Object>> contents, GroupContents.Prepared prepared) {
        Map<String, Object> channels = new LinkedHashMap<>();
        contents.forEach((channel, content) -> channels.put(channel.key(), content));
        jdbc.sql("""
                        INSERT INTO message_group (id, account_id, bulk_id, position, channels, callback_url, callback_data,
                                                   send_at, allowed_time_ranges, time_zone, use_short_links,
                                                   template_id, template_version)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
                .params(groupId, account.value(), bulkId, position, json.writeValueAsString(channels),
                        group.callbackUrl(), group.callbackData(),
                        group.sendAt() == null ? null : java.sql.Timestamp.from(group.sendAt().toInstant()),
                        group.allowedTimeRanges() == null ? null : json.writeValueAsString(group.allowedTimeRanges()),
                        group.timeZone(), group.useShortLinks(), prepared.templateId(), prepared.templateVersion())
                .update();
    }

    /** What each channel sends: its options without the routing fields, with the default sender filled in. */
    private Map<Channel, Map<String, Object>> contents(MessageGroupRequest group) {
        Map<Channel, Map<String, Object>> contents = new EnumMap<>(Channel.class);
        group.channels().forEach((key, options) -> {
            Map<String, Object> content = new LinkedHashMap<>(json.convertValue(options, MAP));
            content.remove("provider");
            content.remove("required");
            content.remove("validityPeriod");
            content.putIfAbsent("from", defaultSender);
            contents.put(Channel.parse(key).orElseThrow(), content);
        });
        return contents;
    }

    /** The provider each channel of the group goes through, looked up once for all its destinations. */
    private Map<Channel, String> routes(AccountId account, MessageGroupRequest group) {
        Map<Channel, String> routes = new EnumMap<>(Channel.class);
        group.channels().forEach((key, options) -> {
            Channel channel = Channel.parse(key).orElseThrow();
            // Validated before the transaction; a connection deleted since then is refused like an unknown one.
            routes.put(channel, providers.route(account.value(), channel, options.provider()).orElseThrow(() ->
                    new InvalidRequestException("channels." + key + ".provider", "no provider '" + options.provider()
                            + "' for " + key)));
        });
        return routes;
    }

    /**
     * The group's channels in request order, each with this destination's address on it (or none). An address
     * the destination gives wins; else its contact's (see {@link ContactDestinations}).
     */
    private List<PlannedChannel> plan(MessageGroupRequest group, Map<Channel, String> routes,
                                      DestinationRequest destination, ContactDestinations.Destination contact) {
        List<PlannedChannel> plan = new ArrayList<>();
        group.channels().forEach((key, options) -> {
            Channel channel = Channel.parse(key).orElseThrow();
            int validity = options.validityPeriod() != null ? options.validityPeriod() : DefaultValidity.minutes(channel);
            ContactDestinations.Addresses addresses = address(channel, destination)
                    .orElseGet(() -> contact.addresses(channel, routes.get(channel)));
            plan.addAll(steps(channel, Boolean.TRUE.equals(options.required()), routes.get(channel), addresses,
                    validity));
        });
        return plan;
    }

    /**
     * One step per address; several only for a contact with several tokens in a messenger app. The first is
     * the channel's own step; the others go alongside it, so every token gets the message whenever the
     * channel starts, at the flow's start or as a fallback.
     */
    private static List<PlannedChannel> steps(Channel channel, boolean required, String provider,
                                              ContactDestinations.Addresses found, int validity) {
        List<String> addresses = found.values();
        if (addresses.isEmpty()) {
            return List.of(new PlannedChannel(channel, required, provider, null, validity));
        }
        List<PlannedChannel> steps = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            steps.add(i == 0 ? new PlannedChannel(channel, required, provider, addresses.get(i), validity, false, found.source())
                    : new PlannedChannel(channel, true, provider, addresses.get(i), validity, true, found.source()));
        }
        return steps;
    }

    /** The destination's own address on {@code channel}, with the field it came from. */
    private static Optional<ContactDestinations.Addresses> address(Channel channel, DestinationRequest destination) {
        for (Channel.AddressField field : channel.addressFields()) {
            String value = switch (field) {
                case PHONE -> destination.phone() == null ? null : Addresses.normalizePhone(destination.phone());
                case EMAIL -> destination.email() == null ? null : Addresses.normalizeEmail(destination.email());
                case MESSENGER_USER_ID -> blankToNull(destination.messengerUserId());
            };
            if (value != null) {
                return Optional.of(new ContactDestinations.Addresses(AddressSource.own(field), List.of(value)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> describe(DestinationRequest destination, ContactDestinations.Destination contact) {
        Map<String, Object> described = new LinkedHashMap<>();
        if (destination.phone() != null) {
            described.put("phone", Addresses.normalizePhone(destination.phone()));
        }
        if (destination.email() != null) {
            described.put("email", Addresses.normalizeEmail(destination.email()));
        }
        putIfPresent(described, "messengerUserId", blankToNull(destination.messengerUserId()));
        putIfPresent(described, "contactId", destination.contactId());
        putIfPresent(described, "externalCustomerId", destination.externalCustomerId());
        putIfPresent(described, "variables", destination.variables());
        putIfPresent(described, "contact", contact.describe());
        return described;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

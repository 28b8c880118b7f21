package dev.herald.messaging;

import dev.herald.HeraldProperties;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import dev.herald.contact.ContactDestinations;
import dev.herald.delivery.FlowStarter;
import dev.herald.delivery.NewFlow;
import dev.herald.delivery.PlannedChannel;
import dev.herald.delivery.Priority;
import dev.herald.delivery.SendingWindow;
import dev.herald.delivery.StartedFlow;
import dev.herald.link.LinkShortener;
import dev.herald.link.NewShortLink;
import dev.herald.provider.ProviderRegistry;
import dev.herald.routing.CascadePlanner;
import dev.herald.template.GroupContents;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a send request. Everything that reads or computes (validation with its DNS checks, templates,
 * contacts, rendering, short links) happens first, holding no connection; then its groups, one flow per
 * destination and the first messages with their jobs are written by one multi-row statement (see
 * {@link FlowStarter}), in a transaction only when idempotency keys, a given bulkId or short links add rows of
 * their own. A rejected request stores nothing.
 */
@Service
public class MessageIntake {

    /** An API send of at most this many destinations is transactional unless its groups say otherwise. */
    static final int TRANSACTIONAL_MAX_DESTINATIONS = 100;

    private static final TypeReference<List<SendResponseItem>> ITEMS = new TypeReference<>() {};
    /** What a channel sends: all its options but the routing fields. */
    private static final ChannelOptions.Fields OPTIONS = new ChannelOptions.Fields(
            Set.of("provider", "required", "validityPeriod", "useShortLinks"));

    /**
     * The request's groups, one multi-row insert. A bulk row is written only for a bulk a client or a task named
     * (see {@link #claimBulk}), or alongside for a new bulk that has a task: a request that names none, such as a
     * one-destination API send, writes no bulk row.
     */
    private static final String INSERT_GROUPS = """
            new_group AS (
                INSERT INTO message_group (id, account_id, bulk_id, position, channels, callback_url, callback_data,
                                           send_at, allowed_time_ranges, time_zone, use_short_links,
                                           template_id, template_version, category, critical)
                SELECT * FROM unnest(:g_id::uuid[], :g_account::uuid[], :g_bulk::uuid[], :g_position::int[],
                                     :g_channels::jsonb[], :g_callback_url::text[], :g_callback_data::text[],
                                     :g_send_at::timestamptz[], :g_ranges::jsonb[], :g_zone::text[],
                                     :g_short_links::boolean[], :g_template::uuid[], :g_template_version::int[],
                                     :g_category::text[], :g_critical::boolean[]))""";
    private static final String INSERT_BULK = """
            new_bulk AS (
                INSERT INTO bulk (id, account_id, task_id)
                SELECT * FROM unnest(:b_id::uuid[], :b_account::uuid[], :b_task::text[]))""";

    private final MessageRequestValidator validator;
    private final IdempotencyRecords idempotency;
    private final FlowStarter starter;
    private final ProviderRegistry providers;
    private final ContactDestinations contactDestinations;
    private final Accounts accounts;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final GroupContents groupContents;
    private final LinkShortener links;
    private final IntakeAdmission admission;
    private final GroupCommit<SmallSend, Accepted> smallSends;
    private final CascadeOrder cascadeOrder;

    MessageIntake(MessageRequestValidator validator, IdempotencyRecords idempotency, FlowStarter starter,
                  ProviderRegistry providers, ContactDestinations contactDestinations, Accounts accounts,
                  JdbcClient jdbc, JsonMapper json,
                  Clock clock,
                  TransactionTemplate tx, GroupContents groupContents, LinkShortener links,
                  IntakeAdmission admission, HeraldProperties properties, CascadeOrder cascadeOrder) {
        this.admission = admission;
        this.cascadeOrder = cascadeOrder;
        this.smallSends = new GroupCommit<>(properties.intake().groupCommitMax(), this::storeTogether,
                send -> store(send.account(), send.request(), send.bulkId(), null, null, send.groups()));
        this.groupContents = groupContents;
        this.links = links;
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
    }

    /** The response, and whether it is the replay of an earlier request with the same idempotency key. */
    public record Accepted(List<SendResponseItem> items, boolean replayed) {}

    /** Accepts a request from inside Herald (a send task's chunk): no backpressure, it paces itself. */
    public Accepted accept(AccountId account, SendMessagesRequest request, String idempotencyKey) {
        return accept(account, request, idempotencyKey, null);
    }

    /**
     * Accepts a request of {@code POST /api/v1/messages}, within its {@link IntakeAdmission}.
     *
     * @throws dev.herald.web.TryLaterException when delivery is too far behind or too many sends are stored at once
     */
    Accepted acceptFromApi(AccountId account, SendMessagesRequest request, String idempotencyKey) {
        // Refused first: shedding load must cost less than taking it.
        admission.checkLag();
        return accept(account, request, idempotencyKey, admission);
    }

    private Accepted accept(AccountId account, SendMessagesRequest request, String idempotencyKey,
                            IntakeAdmission turns) {
        // Outside the transaction: checking callback hosts may wait for DNS, which must not hold a connection.
        RequestRoutes routes = new RequestRoutes(providers, account);
        validator.validate(account, request, routes);
        String requestJson = idempotencyKey == null ? null : json.writeValueAsString(request);
        if (idempotencyKey != null) {
            Optional<String> earlier = idempotency.stored(account, IdempotencyRecords.Scope.REQUEST, idempotencyKey,
                    requestJson);
            if (earlier.isPresent()) {
                return new Accepted(json.readValue(earlier.get(), ITEMS), true);
            }
        }
        Supplier<Prepared> work = () -> prepareAndStore(account, request, routes, idempotencyKey, requestJson);
        Prepared prepared = turns == null ? work.get() : turns.inTurn(work);
        // Waiting for the group writer takes no turn and no connection: its one connection serves all who wait.
        return prepared.stored() != null ? prepared.stored() : smallSends.write(prepared.small());
    }

    /** A request stored, or a small one to be stored together with others (see {@link GroupCommit}). */
    private record Prepared(Accepted stored, SmallSend small) {}

    /** A request whose rows one statement stores whole, so that several such can share one statement. */
    private record SmallSend(AccountId account, SendMessagesRequest request, UUID bulkId, List<PreparedGroup> groups) {}

    private Prepared prepareAndStore(AccountId account, SendMessagesRequest request, RequestRoutes routes,
                                     String idempotencyKey, String requestJson) {
        UUID bulkId = request.bulkId() == null ? UUID.randomUUID() : UUID.fromString(request.bulkId());
        List<PreparedGroup> groups = prepare(account, request, routes, bulkId);
        boolean ownRows = idempotencyKey != null || request.bulkId() != null
                || groups.stream().anyMatch(g -> g.key() != null || !g.links().isEmpty());
        if (ownRows) {
            return new Prepared(tx.execute(status -> store(account, request, bulkId, idempotencyKey, requestJson,
                    groups)), null);
        }
        // Without rows of their own the whole request is one statement, atomic without a transaction.
        int destinations = groups.stream().mapToInt(g -> g.flows().size()).sum();
        return destinations <= TRANSACTIONAL_MAX_DESTINATIONS
                ? new Prepared(null, new SmallSend(account, request, bulkId, groups))
                : new Prepared(store(account, request, bulkId, null, null, groups), null);
    }

    /**
     * Several small sends by one statement, each answered with its own ids; all or none are stored (the
     * {@link GroupCommit} then stores each alone).
     */
    private List<Accepted> storeTogether(List<SmallSend> sends) {
        List<NewFlow> flows = sends.stream().flatMap(s -> s.groups().stream()).flatMap(g -> g.flows().stream())
                .toList();
        List<StartedFlow> started = starter.start(flows, leadingRows(sends, true));
        List<Accepted> accepted = new ArrayList<>(sends.size());
        int next = 0;
        for (SmallSend send : sends) {
            List<SendResponseItem> items = new ArrayList<>();
            for (PreparedGroup group : send.groups()) {
                items.addAll(items(send.bulkId(), group, started.subList(next, next + group.flows().size())));
                next += group.flows().size();
            }
            accepted.add(new Accepted(List.copyOf(items), false));
        }
        return accepted;
    }

    private static List<SendResponseItem> items(UUID bulkId, PreparedGroup group, List<StartedFlow> started) {
        return started.stream()
                .map(s -> new SendResponseItem(s.firstMessageId(), bulkId, group.groupId(), s.flowId(),
                        s.status().name(), s.channel().name(), s.error()))
                .toList();
    }

    /** A group as it will be stored, or the response it got when it was sent before with its idempotency key. */
    private record PreparedGroup(int position, String key, String keyedJson, List<SendResponseItem> replayed,
                                 UUID groupId, MessageGroupRequest group, Instant sendAt,
                                 GroupContents.Prepared contents,
                                 Map<Channel, Map<String, Object>> channels, List<NewFlow> flows,
                                 List<NewShortLink> links) {}

    private List<PreparedGroup> prepare(AccountId account, SendMessagesRequest request, RequestRoutes routes,
                                        UUID bulkId) {
        int destinations = request.messages().stream().mapToInt(g -> g.destinations().size()).sum();
        Priority byDefault = destinations <= TRANSACTIONAL_MAX_DESTINATIONS ? Priority.TRANSACTIONAL : Priority.BULK;
        Supplier<ZoneId> accountZone = new Supplier<>() {
            private ZoneId zone;

            @Override
            public ZoneId get() {
                if (zone == null) {
                    zone = accounts.timeZone(account);
                }
                return zone;
            }
        };
        List<PreparedGroup> groups = new ArrayList<>(request.messages().size());
        for (int position = 0; position < request.messages().size(); position++) {
            MessageGroupRequest original = request.messages().get(position);
            String key = original.idempotencyKey();
            String keyedJson = key == null ? null : json.writeValueAsString(original);
            if (key != null) {
                Optional<String> earlier = idempotency.stored(account, IdempotencyRecords.Scope.GROUP, key, keyedJson);
                if (earlier.isPresent()) {
                    groups.add(new PreparedGroup(position, key, keyedJson, json.readValue(earlier.get(), ITEMS),
                            null, original, null, null, null, List.of(), List.of()));
                    continue;
                }
            }
            groups.add(prepareGroup(account, routes, bulkId, position, original, key, keyedJson,
                    original.priority() == null ? byDefault : Priority.valueOf(original.priority().toUpperCase(Locale.ROOT)),
                    accountZone));
        }
        return groups;
    }

    private PreparedGroup prepareGroup(AccountId account, RequestRoutes requestRoutes, UUID bulkId, int position,
                                       MessageGroupRequest original, String key, String keyedJson, Priority priority,
                                       Supplier<ZoneId> accountZone) {
        // The template's channels (if it names one), and what makes each destination's contents its own.
        GroupContents.Prepared prepared = groupContents.prepare(account, original, "messages[" + position + "]");
        MessageGroupRequest group = prepared.group();
        UUID groupId = UUID.randomUUID();
        Map<Channel, Map<String, Object>> contents = contents(group);
        Map<Channel, String> routes = routes(requestRoutes, group);

        Instant now = clock.instant();
        // The account's zone is read only for a sendAt or sending window that needs a zone and names none.
        Supplier<ZoneId> zone = () -> group.timeZone() == null ? accountZone.get() : ZoneId.of(group.timeZone());
        Instant sendAt = group.sendAt() == null ? null : SendAt.resolve(group.sendAt(), zone);
        Instant requested = sendAt == null || sendAt.isBefore(now) ? now : sendAt;
        Instant dueAt = requested;
        if (group.allowedTimeRanges() != null && !group.allowedTimeRanges().isEmpty()) {
            dueAt = SendingWindow.parse(group.allowedTimeRanges(), zone.get()).nextAllowed(requested);
        }

        Optional<CascadePlanner.Mode> cascade = CascadePlanner.Mode.parse(group.cascade());
        List<NewFlow> flows = new ArrayList<>(group.destinations().size());
        List<ContactDestinations.Destination> contacts = lookUpContacts(account, group);
        for (int i = 0; i < group.destinations().size(); i++) {
            DestinationRequest destination = group.destinations().get(i);
            ContactDestinations.Destination contact = contacts.get(i);
            List<PlannedChannel> plan = plan(group, routes, destination, contact);
            Map<String, Object> described = describe(destination, contact);
            if (cascade.isPresent()) {
                CascadeOrder.Ordered ordered = cascadeOrder.order(account.value(), cascade.get(), plan, contents, now);
                plan = ordered.plan();
                described.put("cascade", ordered.explained());
            }
            flows.add(new NewFlow(UUID.randomUUID(), account.value(), bulkId, groupId, i, described, plan, contents,
                    dueAt, priority));
        }
        GroupContents.Personalized personal = prepared.personalize(flows, group.destinations());
        return new PreparedGroup(position, key, keyedJson, null, groupId, group, sendAt, prepared, contents,
                personal.flows(), personal.links());
    }

    /**
     * Each destination's contact: looked up together (one statement for the group, one more for messenger tokens)
     * for the destinations that need one, i.e. lack their own address on some channel of the group.
     */
    private List<ContactDestinations.Destination> lookUpContacts(AccountId account, MessageGroupRequest group) {
        List<ContactDestinations.Destination> all = new ArrayList<>(group.destinations().size());
        List<ContactDestinations.Destination> needed = new ArrayList<>();
        for (DestinationRequest destination : group.destinations()) {
            ContactDestinations.Destination contact = contactDestinations.of(account.value(), destination.contactId(),
                    destination.externalCustomerId(), destination.phone(), destination.email());
            all.add(contact);
            boolean lacksAddress = group.channels().entrySet().stream().anyMatch(e -> {
                Channel channel = Channel.parse(e.getKey()).orElseThrow();
                return sessionAddress(channel, e.getValue()).isEmpty() && address(channel, destination).isEmpty();
            });
            if (lacksAddress) {
                needed.add(contact);
            }
        }
        boolean messenger = group.channels().keySet().stream().map(key -> Channel.parse(key).orElseThrow())
                .anyMatch(channel -> channel.addressFields().contains(Channel.AddressField.MESSENGER_USER_ID));
        contactDestinations.lookUpAll(needed, messenger);
        return all;
    }

    private Accepted store(AccountId account, SendMessagesRequest request, UUID bulkId, String idempotencyKey,
                           String requestJson, List<PreparedGroup> groups) {
        if (idempotencyKey != null) {
            Optional<String> earlier = idempotency.claim(account, IdempotencyRecords.Scope.REQUEST, idempotencyKey,
                    requestJson);
            if (earlier.isPresent()) {
                return new Accepted(json.readValue(earlier.get(), ITEMS), true);
            }
        }
        List<List<SendResponseItem>> answers = new ArrayList<>(groups.size());
        List<PreparedGroup> toStore = new ArrayList<>();
        for (PreparedGroup group : groups) {
            List<SendResponseItem> answer = group.replayed();
            if (answer == null && group.key() != null) {
                answer = idempotency.claim(account, IdempotencyRecords.Scope.GROUP, group.key(), group.keyedJson())
                        .map(earlier -> json.readValue(earlier, ITEMS))
                        .orElse(null);
            }
            answers.add(answer);
            if (answer == null) {
                toStore.add(group);
            }
        }
        // A named bulk is registered with the first group stored (a request whose groups all replay stores none).
        if (!toStore.isEmpty()) {
            boolean newBulk = request.bulkId() == null;
            if (!newBulk) {
                claimBulk(account, bulkId, request.taskId());
            }
            links.store(toStore.stream().flatMap(g -> g.links().stream()).toList());
            List<NewFlow> flows = toStore.stream().flatMap(g -> g.flows().stream()).toList();
            List<StartedFlow> started = starter.start(flows,
                    leadingRows(List.of(new SmallSend(account, request, bulkId, toStore)), newBulk));
            int next = 0;
            for (PreparedGroup group : toStore) {
                List<SendResponseItem> items = items(bulkId, group, started.subList(next, next + group.flows().size()));
                next += group.flows().size();
                answers.set(group.position(), items);
                if (group.key() != null) {
                    idempotency.complete(account, IdempotencyRecords.Scope.GROUP, group.key(), json.writeValueAsString(items));
                }
            }
        }
        List<SendResponseItem> items = answers.stream().flatMap(List::stream).toList();
        if (idempotencyKey != null) {
            idempotency.complete(account, IdempotencyRecords.Scope.REQUEST, idempotencyKey, json.writeValueAsString(items));
        }
        return new Accepted(items, false);
    }

    /**
     * Files the request under the bulkId it gave: creates the bulk, or checks that it is the caller's.
     *
     * @throws InvalidRequestException when another account's bulk has this id
     */
    private void claimBulk(AccountId account, UUID bulkId, String taskId) {
        List<UUID> owner = jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO bulk (id, account_id, task_id) VALUES (:id, :account, :task)
                            ON CONFLICT (id) DO NOTHING RETURNING account_id)
                        SELECT account_id FROM inserted UNION ALL SELECT account_id FROM bulk WHERE id = :id""")
                .param("id", bulkId)
                .param("account", account.value())
                .param("task", taskId)
                .query(UUID.class)
                .list();
        if (owner.isEmpty()) {
            // Inserted by a transaction that committed after this statement's snapshot was taken.
            owner = jdbc.sql("SELECT account_id FROM bulk WHERE id = ?").param(bulkId).query(UUID.class).list();
        }
        // A request that named no bulkId registered no bulk row: its groups say whose the id is.
        boolean othersGroups = !jdbc.sql("SELECT 1 FROM message_group WHERE bulk_id = ? AND account_id <> ? LIMIT 1")
                .params(bulkId, account.value())
                .query(Integer.class)
                .list().isEmpty();
        if (othersGroups || !owner.getFirst().equals(account.value())) {
            throw new InvalidRequestException("bulkId", "is already in use; choose another UUID or leave it out");
        }
    }

    /** The groups (and new bulks) of one or more requests, written by the statement that starts their flows. */
    private FlowStarter.LeadingRows leadingRows(List<SmallSend> sends, boolean newBulk) {
        record Group(SmallSend send, PreparedGroup prepared) {}
        List<Group> groups = sends.stream().flatMap(s -> s.groups().stream().map(g -> new Group(s, g))).toList();
        int n = groups.size();
        String[] ids = new String[n];
        String[] accountIds = new String[n];
        String[] bulks = new String[n];
        Integer[] positions = new Integer[n];
        String[] channels = new String[n];
        String[] callbackUrls = new String[n];
        String[] callbackData = new String[n];
        String[] sendAts = new String[n];
        String[] ranges = new String[n];
        String[] zones = new String[n];
        Boolean[] shortLinks = new Boolean[n];
        String[] templates = new String[n];
        Integer[] templateVersions = new Integer[n];
        String[] categories = new String[n];
        Boolean[] critical = new Boolean[n];
        for (int i = 0; i < n; i++) {
            PreparedGroup prepared = groups.get(i).prepared();
            AccountId account = groups.get(i).send().account();
            UUID bulkId = groups.get(i).send().bulkId();
            MessageGroupRequest group = prepared.group();
            Map<String, Object> byKey = new LinkedHashMap<>();
            prepared.channels().forEach((channel, content) -> byKey.put(channel.key(), content));
            ids[i] = prepared.groupId().toString();
            accountIds[i] = account.value().toString();
            bulks[i] = bulkId.toString();
            positions[i] = prepared.position();
            channels[i] = json.writeValueAsString(byKey);
            callbackUrls[i] = group.callbackUrl();
            callbackData[i] = group.callbackData();
            sendAts[i] = prepared.sendAt() == null ? null : prepared.sendAt().toString();
            ranges[i] = group.allowedTimeRanges() == null ? null : json.writeValueAsString(group.allowedTimeRanges());
            zones[i] = group.timeZone();
            shortLinks[i] = group.useShortLinks();
            templates[i] = prepared.contents().templateId() == null ? null : prepared.contents().templateId().toString();
            templateVersions[i] = prepared.contents().templateVersion();
            categories[i] = group.category();
            critical[i] = Boolean.TRUE.equals(group.critical());
        }
        Map<String, Object> params = new HashMap<>();
        params.put("g_id", ids);
        params.put("g_account", accountIds);
        params.put("g_bulk", bulks);
        params.put("g_position", positions);
        params.put("g_channels", channels);
        params.put("g_callback_url", callbackUrls);
        params.put("g_callback_data", callbackData);
        params.put("g_send_at", sendAts);
        params.put("g_ranges", ranges);
        params.put("g_zone", zones);
        params.put("g_short_links", shortLinks);
        params.put("g_template", templates);
        params.put("g_template_version", templateVersions);
        params.put("g_category", categories);
        params.put("g_critical", critical);
        List<SmallSend> withTask = newBulk ? sends.stream().filter(s -> s.request().taskId() != null).toList() : List.of();
        if (withTask.isEmpty()) {
            return new FlowStarter.LeadingRows(INSERT_GROUPS, params);
        }
        params.put("b_id", withTask.stream().map(s -> s.bulkId().toString()).toArray(String[]::new));
        params.put("b_account", withTask.stream().map(s -> s.account().value().toString()).toArray(String[]::new));
        params.put("b_task", withTask.stream().map(s -> s.request().taskId()).toArray(String[]::new));
        return new FlowStarter.LeadingRows(INSERT_BULK + ",\n" + INSERT_GROUPS, params);
    }

    /** What each channel sends: its options without the routing fields. */
    private Map<Channel, Map<String, Object>> contents(MessageGroupRequest group) {
        Map<Channel, Map<String, Object>> contents = new EnumMap<>(Channel.class);
        group.channels().forEach((key, options) -> {
            Map<String, Object> content = OPTIONS.sent(options);
            // No default 'from' here: the provider resolves it when it sends (connection, account, Herald).
            contents.put(Channel.parse(key).orElseThrow(), content);
        });
        return contents;
    }

    /** The provider each channel of the group goes through, for all its destinations. */
    private Map<Channel, String> routes(RequestRoutes requestRoutes, MessageGroupRequest group) {
        Map<Channel, String> routes = new EnumMap<>(Channel.class);
        group.channels().forEach((key, options) -> {
            Channel channel = Channel.parse(key).orElseThrow();
            // The routes validation found (or, for a template's channels, GroupContents checked).
            routes.put(channel, requestRoutes.route(channel, options.provider()).orElseThrow(() ->
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
            ContactDestinations.Addresses addresses = sessionAddress(channel, options)
                    .or(() -> address(channel, destination))
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

    /** A chat message into a session goes to whoever the session is with: its address is the session's id. */
    private static Optional<ContactDestinations.Addresses> sessionAddress(Channel channel, ChannelOptions options) {
        if (channel != Channel.CHAT || options.chatSessionId() == null) {
            return Optional.empty();
        }
        return Optional.of(new ContactDestinations.Addresses(AddressSource.own(Channel.AddressField.MESSENGER_USER_ID),
                List.of(options.chatSessionId().toLowerCase(Locale.ROOT))));
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

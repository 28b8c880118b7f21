package dev.herald.broadcast;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.delivery.Cancellation;
import dev.herald.group.ContactGroup;
import dev.herald.group.ContactGroups;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendRequestCheck;
import dev.herald.template.TemplateLibrary;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Broadcasts for the API and the console: create one (checked as the intake would check its messages), list,
 * follow its progress and statistics, and cancel what has not left.
 */
@Service
public class BroadcastControl {

    private static final int MAX_NAME = 200;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** A stand-in recipient for checking a broadcast's message before any contact is chosen. */
    private static final DestinationRequest ANYONE = new DestinationRequest(null, null, null, null, null, null);

    private final Broadcasts broadcasts;
    private final ContactGroups groups;
    private final SendRequestCheck check;
    private final Cancellation cancellation;
    private final Accounts accounts;
    private final TemplateLibrary templates;
    private final TransactionTemplate tx;
    private final Clock clock;

    BroadcastControl(Broadcasts broadcasts, ContactGroups groups, SendRequestCheck check, Cancellation cancellation,
                     Accounts accounts, TemplateLibrary templates, TransactionTemplate tx, Clock clock) {
        this.templates = templates;
        this.broadcasts = broadcasts;
        this.groups = groups;
        this.check = check;
        this.cancellation = cancellation;
        this.accounts = accounts;
        this.tx = tx;
        this.clock = clock;
    }

    /** What a new broadcast asks for; {@code startDate} absent = now. */
    public record NewBroadcast(String name, Long groupId, String templateId,
                               Map<String, dev.herald.messaging.ChannelOptions> channels, String startDate,
                               String callbackUrl, String callbackData, List<List<String>> allowedTimeRanges,
                               String timeZone, Boolean useShortLinks) {}

    /** A broadcast's state, progress and statistics (messages by channel and status). */
    public record View(long id, String name, long groupId, String groupName, String status, Instant startDate,
                       String templateId, Map<String, dev.herald.messaging.ChannelOptions> channels,
                       UUID bulkId, int recipients, int handedOver, String problem, Instant createdAt,
                       Instant startedAt, Instant finishedAt, Map<String, Map<String, Long>> statistics) {}

    public View create(AccountId account, NewBroadcast request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "must be 1 to " + MAX_NAME + " characters"));
        }
        ContactGroup group = null;
        if (request.groupId() == null) {
            problems.add(new FieldProblem("groupId", "is required"));
        } else {
            group = groups.find(account.value(), request.groupId()).orElse(null);
            if (group == null) {
                problems.add(new FieldProblem("groupId", "no group " + request.groupId() + " in this account"));
            }
        }
        boolean hasTemplate = request.templateId() != null && !request.templateId().isBlank();
        boolean hasChannels = request.channels() != null && !request.channels().isEmpty();
        if (hasTemplate == hasChannels) {
            problems.add(new FieldProblem("templateId", "give either a templateId or the message's channels"));
        } else if (hasTemplate && !templateExists(account, request.templateId().strip())) {
            problems.add(new FieldProblem("templateId", "no template " + request.templateId().strip() + " in this account"));
            hasTemplate = false;
            hasChannels = false;
        }
        Instant startAt = startAt(account, request, problems);
        SendMessagesRequest sample = new SendMessagesRequest(null, null, List.of(new MessageGroupRequest(
                request.channels(), hasTemplate ? request.templateId().strip() : null, List.of(ANYONE),
                request.callbackUrl(), request.callbackData(), null, request.allowedTimeRanges(), request.timeZone(),
                request.useShortLinks(), null, "bulk")));
        if (hasTemplate != hasChannels) {
            for (FieldProblem problem : check.problems(account, sample)) {
                if (!problem.field().startsWith("messages[0].destinations")) {
                    problems.add(new FieldProblem(problem.field().replaceFirst("^messages\\[0]\\.?", ""), problem.message()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        BroadcastDefinition definition = new BroadcastDefinition(hasTemplate ? request.templateId().strip() : null,
                hasChannels ? request.channels() : null, request.callbackUrl(), request.callbackData(),
                request.allowedTimeRanges(), request.timeZone(), request.useShortLinks());
        Broadcast created = broadcasts.insert(account.value(), name, group.id(), definition, startAt);
        return view(created, group.name());
    }

    private boolean templateExists(AccountId account, String id) {
        try {
            return templates.find(account, UUID.fromString(id)).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Instant startAt(AccountId account, NewBroadcast request, List<FieldProblem> problems) {
        Instant now = clock.instant();
        if (request.startDate() == null || request.startDate().isBlank()) {
            return now;
        }
        String value = request.startDate().strip();
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                ZoneId zone = request.timeZone() == null ? accounts.timeZone(account) : ZoneId.of(request.timeZone());
                at = LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (java.time.DateTimeException e2) {
                at = null;
            }
        }
        if (at == null || at.isAfter(LATEST)) {
            problems.add(new FieldProblem("startDate", "must be an ISO-8601 date-time before the year 10000, "
                    + "e.g. 2026-12-01T10:00:00+03:00"));
            return now;
        }
        // A time already past starts the broadcast now.
        return at.isBefore(now) ? now : at;
    }

    public View get(AccountId account, long id) {
        Broadcast broadcast = broadcasts.find(account.value(), id).orElseThrow(() -> new NotFoundException("No broadcast " + id));
        return view(broadcast, groupName(account, broadcast));
    }

    public long count(AccountId account) {
        return broadcasts.count(account.value());
    }

    /** Newest first, without statistics (which {@link #get} adds). */
    public List<View> list(AccountId account, long offset, int limit) {
        return broadcasts.list(account.value(), offset, limit).stream()
                .map(b -> summary(b, groupName(account, b))).toList();
    }

    /**
     * Stops the broadcast for good: recipients not yet handed over are never sent, and its messages still
     * waiting in the delivery queue are cancelled; what has left the queue goes on. 409 when it was cancelled
     * or failed already, or when it had handed everything over and nothing of it waits any more.
     */
    public View cancel(AccountId account, long id) {
        Broadcast broadcast = tx.execute(status -> {
            Broadcast locked = broadcasts.lock(account.value(), id).orElseThrow(() -> new NotFoundException("No broadcast " + id));
            if (locked.status() == BroadcastStatus.CANCELLED || locked.status() == BroadcastStatus.FAILED) {
                throw new ConflictException("Broadcast " + id + " is already " + locked.status());
            }
            if (locked.status() != BroadcastStatus.DONE) {
                broadcasts.finish(account.value(), id, BroadcastStatus.CANCELLED, null);
            }
            return locked;
        });
        Cancellation.Result result = cancellation.cancel(account.value(), new Cancellation.Selector(null, null, broadcast.bulkId()));
        if (broadcast.status() == BroadcastStatus.DONE) {
            if (result.cancelled().isEmpty()) {
                throw new ConflictException("Broadcast " + id + " is DONE: every message has left the queue");
            }
            broadcasts.cancelDone(account.value(), id);
        }
        return get(account, id);
    }

    private String groupName(AccountId account, Broadcast broadcast) {
        return groups.find(account.value(), broadcast.groupId()).map(ContactGroup::name).orElse(null);
    }

    private View view(Broadcast b, String groupName) {
        return new View(b.id(), b.name(), b.groupId(), groupName, b.status().name(), b.startAt(),
                b.definition().templateId(), b.definition().channels(), b.bulkId(), b.recipientsTotal(),
                b.recipientsHanded(), b.problem(), b.createdAt(), b.startedAt(), b.finishedAt(),
                broadcasts.statistics(b.accountId(), b.bulkId()));
    }

    private View summary(Broadcast b, String groupName) {
        return new View(b.id(), b.name(), b.groupId(), groupName, b.status().name(), b.startAt(),
                b.definition().templateId(), b.definition().channels(), b.bulkId(), b.recipientsTotal(),
                b.recipientsHanded(), b.problem(), b.createdAt(), b.startedAt(), b.finishedAt(), null);
    }
}

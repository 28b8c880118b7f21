package dev.herald.broadcast;

import dev.herald.auth.AccountId;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.group.ContactGroups;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's broadcast feeder, on the {@link LeasedWorker} machinery: a due SCHEDULED broadcast gets its
 * recipients (the group's contacts at that moment, copied in one statement), then a RUNNING one hands them to
 * the message intake a chunk at a time, each chunk one multi-row intake in the transaction that moves the
 * broadcast's resume point, so a crash leaves every recipient sent once or still to go. Every message is
 * addressed to its contact ({@code contactId}) in the {@code bulk} lane, so the contact policy applies.
 */
@Component
class BroadcastFeeder extends LeasedWorker<Broadcasts.Claimed> {

    private static final Logger log = LoggerFactory.getLogger(BroadcastFeeder.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Broadcasts broadcasts;
    private final ContactGroups groups;
    private final RecipientVariables variables;
    private final MessageIntake intake;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int chunkSize;

    BroadcastFeeder(Broadcasts broadcasts, ContactGroups groups, RecipientVariables variables, MessageIntake intake,
                    PgNotifications notifications, TransactionTemplate tx, Clock clock,
                    @Value("${herald.broadcasts.chunk-size:1000}") int chunkSize,
                    @Value("${herald.broadcasts.poll-interval:PT5S}") Duration pollInterval) {
        super(broadcasts.queue(), notifications.wakeupFor(Broadcasts.CHANNEL), new Settings("herald-broadcasts", 10, 10,
                Duration.ofSeconds(60), pollInterval, true));
        this.broadcasts = broadcasts;
        this.groups = groups;
        this.variables = variables;
        this.intake = intake;
        this.tx = tx;
        this.clock = clock;
        this.chunkSize = Math.max(1, Math.min(chunkSize, 5000));
    }

    @Override
    protected void work(Broadcasts.Claimed claimed) {
        Instant next;
        try {
            next = tx.execute(status -> step(claimed));
        } catch (InvalidRequestException e) {
            // The intake refuses the broadcast's messages (e.g. its template was deleted): no chunk can go.
            String reason = e.problems().stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; "));
            log.warn("Broadcast {} (account {}) failed: {}", claimed.id(), claimed.accountId(), reason);
            tx.executeWithoutResult(status -> broadcasts.finish(claimed.accountId(), claimed.id(), BroadcastStatus.FAILED,
                    "Delivery refused the broadcast's messages: " + reason));
            next = clock.instant();
        } catch (RuntimeException e) {
            log.error("Broadcast {} (account {}) could not go on; trying again", claimed.id(), claimed.accountId(), e);
            next = clock.instant().plus(RETRY_AFTER);
        }
        broadcasts.giveBack(claimed.id(), node(), next);
    }

    /** Moves the broadcast on by one step and answers when it is next due. */
    private Instant step(Broadcasts.Claimed claimed) {
        Instant now = clock.instant();
        Broadcast broadcast = broadcasts.lock(claimed.accountId(), claimed.id()).orElse(null);
        if (broadcast == null || broadcast.status().finished()) {
            return now;
        }
        if (broadcast.status() == BroadcastStatus.SCHEDULED) {
            if (broadcast.startAt().isAfter(now)) {
                return broadcast.startAt();
            }
            int copied = broadcasts.start(broadcast, groups.members(broadcast.accountId(),
                    groups.get(broadcast.accountId(), broadcast.groupId())));
            log.info("Broadcast {} (account {}) started for {} contacts of group {}", broadcast.id(),
                    broadcast.accountId(), copied, broadcast.groupId());
            return now;
        }
        List<Long> chunk = broadcasts.nextRecipients(broadcast, chunkSize);
        if (chunk.isEmpty()) {
            broadcasts.finish(broadcast.accountId(), broadcast.id(), BroadcastStatus.DONE, null);
            log.info("Broadcast {} (account {}) handed over all {} recipients", broadcast.id(), broadcast.accountId(),
                    broadcast.recipientsTotal());
            return now;
        }
        Map<Long, Map<String, Object>> vars = variables.of(broadcast.accountId(), chunk);
        List<DestinationRequest> destinations = chunk.stream()
                .map(id -> new DestinationRequest(null, null, null, id, null, vars.getOrDefault(id, Map.of()))).toList();
        BroadcastDefinition d = broadcast.definition();
        MessageGroupRequest group = new MessageGroupRequest(d.channels(), d.templateId(), destinations, d.callbackUrl(),
                d.callbackData(), null, d.allowedTimeRanges(), d.timeZone(), d.useShortLinks(), null, "bulk");
        intake.accept(new AccountId(broadcast.accountId()),
                new SendMessagesRequest(broadcast.bulkId().toString(), "broadcast-" + broadcast.id(), List.of(group)), null);
        broadcasts.handedOver(broadcast, chunk.getLast(), chunk.size());
        return now;
    }
}

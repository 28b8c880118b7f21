package dev.herald.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds a bulk's waiting messages (PAUSED) and lets them go again (DELAYED, queued for the next allowed time).
 * A message is paused under the same row lock the dispatcher takes to mark it PENDING, and a PAUSED message
 * cannot become PENDING, so nothing of a paused bulk is handed over until it is resumed. Messages already
 * handed over go their way.
 */
@Service
public class Pausing {

    private final StatusUpdates updates;
    private final JobQueue queue;
    private final Flows flows;
    private final JdbcClient jdbc;
    private final Clock clock;

    Pausing(StatusUpdates updates, JobQueue queue, Flows flows, JdbcClient jdbc, Clock clock) {
        this.updates = updates;
        this.queue = queue;
        this.flows = flows;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return how many messages were paused */
    @Transactional
    public int pause(UUID accountId, UUID bulkId) {
        int paused = 0;
        for (UUID id : lock(accountId, bulkId, List.of(MessageStatus.CREATED, MessageStatus.DELAYED))) {
            if (updates.move(id, MessageStatus.PAUSED, null).isPresent()) {
                queue.deleteFor(id);
                paused++;
            }
        }
        return paused;
    }

    /**
     * Lets the bulk's paused messages go at the next allowed time; one whose validity period ran out while it
     * was paused expires instead, so its cascade moves on.
     *
     * @return how many messages were let go again
     */
    @Transactional
    public int resume(UUID accountId, UUID bulkId) {
        Instant now = clock.instant();
        List<JobQueue.NewJob> jobs = new ArrayList<>();
        for (UUID id : lock(accountId, bulkId, List.of(MessageStatus.PAUSED))) {
            updates.move(id, MessageStatus.DELAYED, null).ifPresent(message -> {
                Instant due = flows.load(message.flowId()).window().nextAllowed(now);
                if (due.isBefore(message.validUntil())) {
                    jobs.add(new JobQueue.NewJob(message.id(), message.accountId(), message.lane(), due));
                } else {
                    updates.move(message.id(), MessageStatus.EXPIRED, new MessageError(ValidityExpiry.CODE,
                            "Paused until after the end of its validity period"));
                }
            });
        }
        queue.enqueue(jobs);
        return jobs.size();
    }

    /** The bulk's messages in {@code statuses}, their flows locked first: the lock order of every status change. */
    private List<UUID> lock(UUID accountId, UUID bulkId, List<MessageStatus> statuses) {
        record Found(UUID id, UUID flowId) {}
        List<Found> found = jdbc.sql("""
                        SELECT id, flow_id FROM message
                        WHERE account_id = ? AND bulk_id = ? AND status = ANY(?)
                        ORDER BY created_at, id""")
                .params(accountId, bulkId, statuses.stream().map(Enum::name).toArray(String[]::new))
                .query((rs, i) -> new Found(rs.getObject("id", UUID.class), rs.getObject("flow_id", UUID.class)))
                .list();
        UUID[] flowIds = found.stream().map(Found::flowId).distinct().sorted().toArray(UUID[]::new);
        jdbc.sql("SELECT id FROM flow WHERE account_id = ? AND id = ANY(?) ORDER BY id FOR NO KEY UPDATE")
                .params(accountId, flowIds).query().listOfRows();
        return found.stream().map(Found::id).toList();
    }
}

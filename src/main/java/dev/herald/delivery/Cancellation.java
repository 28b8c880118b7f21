package dev.herald.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels what has not been handed to a provider yet. A waiting message becomes CANCELLED under the same
 * row lock the dispatcher takes to mark it PENDING, so a message is never both cancelled and sent. When a
 * group or bulk is cancelled, its flows start no further cascade channels, even where the current message
 * was already sent.
 */
@Service
public class Cancellation {

    private final StatusUpdates updates;
    private final JobQueue queue;
    private final JdbcClient jdbc;

    Cancellation(StatusUpdates updates, JobQueue queue, JdbcClient jdbc) {
        this.updates = updates;
        this.queue = queue;
        this.jdbc = jdbc;
    }

    /** Which messages to cancel: exactly one of the three. */
    public record Selector(List<UUID> ids, UUID groupId, UUID bulkId) {}

    /** What was cancelled and, for the rest, why not. */
    public record Result(List<UUID> cancelled, List<NotCancelled> notCancelled) {

        public record NotCancelled(UUID id, String status, String reason) {}
    }

    @Transactional
    public Result cancel(UUID accountId, Selector selector) {
        List<Found> messages = find(accountId, selector);
        // Flows before messages, in id order: the lock order every status change follows.
        UUID[] flowIds = messages.stream().map(Found::flowId).distinct().sorted().toArray(UUID[]::new);
        jdbc.sql("SELECT id FROM flow WHERE account_id = ? AND id = ANY(?) ORDER BY id FOR NO KEY UPDATE")
                .params(accountId, flowIds).query().listOfRows();
        if (selector.ids() == null) {
            // A whole group or bulk: its flows start nothing more, even where the current message was sent.
            // A cancelled message by id stops its cascade by its own status (CANCELLED does not fall over).
            jdbc.sql("UPDATE flow SET cancelled_at = now() WHERE account_id = ? AND cancelled_at IS NULL AND id = ANY(?)")
                    .params(accountId, flowIds)
                    .update();
        }
        List<UUID> cancelled = new ArrayList<>();
        List<Result.NotCancelled> refused = new ArrayList<>();
        for (Found message : messages) {
            if (updates.move(message.id(), MessageStatus.CANCELLED,
                    new MessageError("CANCELLED", "Cancelled by request")).isPresent()) {
                queue.deleteFor(message.id());
                cancelled.add(message.id());
            } else {
                MessageStatus now = currentStatus(message.id());
                refused.add(new Result.NotCancelled(message.id(), now.name(), reason(now)));
            }
        }
        if (selector.ids() != null) {
            selector.ids().stream()
                    .filter(id -> messages.stream().noneMatch(m -> m.id().equals(id)))
                    .forEach(id -> refused.add(new Result.NotCancelled(id, null, "No such message")));
        }
        return new Result(cancelled, refused);
    }

    private record Found(UUID id, UUID flowId) {}

    private List<Found> find(UUID accountId, Selector selector) {
        return jdbc.sql("""
                        SELECT id, flow_id FROM message
                        WHERE account_id = :account
                          AND (:ids::uuid[] IS NULL OR id = ANY(:ids))
                          AND (:group::uuid IS NULL OR group_id = :group)
                          AND (:bulk::uuid IS NULL OR bulk_id = :bulk)
                        ORDER BY created_at, id""")
                .param("account", accountId)
                .param("ids", selector.ids() == null ? null : selector.ids().toArray(UUID[]::new))
                .param("group", selector.groupId())
                .param("bulk", selector.bulkId())
                .query((rs, i) -> new Found(rs.getObject("id", UUID.class), rs.getObject("flow_id", UUID.class)))
                .list();
    }

    private MessageStatus currentStatus(UUID id) {
        return jdbc.sql("SELECT status FROM message WHERE id = ?").param(id)
                .query((rs, i) -> MessageStatus.valueOf(rs.getString(1))).single();
    }

    private static String reason(MessageStatus status) {
        return switch (status) {
            case PENDING -> "It is being handed to the provider";
            case CANCELLED -> "It was already cancelled";
            case SENT -> "It was already handed to the provider";
            default -> "It already has an outcome";
        };
    }
}

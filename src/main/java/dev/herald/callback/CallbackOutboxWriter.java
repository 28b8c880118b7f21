package dev.herald.callback;

import dev.herald.delivery.MessageStatusChanged;
import dev.herald.delivery.MessageStatusChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every status change of a message whose group has a {@code callbackUrl} into an outbox row. The event
 * is published inside the transaction of the change, so the callback is stored exactly when the change is.
 */
@Component
class CallbackOutboxWriter {

    private record Target(String url, String callbackData) {}

    private final CallbackOutbox outbox;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CallbackProperties properties;
    private final Map<UUID, Optional<Target>> targets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Optional<Target>> eldest) {
            return size() > 10_000;
        }
    };

    CallbackOutboxWriter(CallbackOutbox outbox, JdbcClient jdbc, JsonMapper json, CallbackProperties properties) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    /** One outbox row per change whose group has a callback URL, all in one statement. */
    @EventListener
    void on(MessageStatusChanges changes) {
        List<CallbackOutbox.NewCallback> callbacks = new ArrayList<>();
        for (MessageStatusChanged change : changes.changes()) {
            target(change.groupId()).ifPresent(target -> callbacks.add(new CallbackOutbox.NewCallback(change.accountId(),
                    change.messageId(), target.url(), json.writeValueAsString(CallbackPayload.of(change, target.callbackData())),
                    change.oldStatus().name(), change.newStatus().name())));
        }
        outbox.addAll(callbacks, properties.retryFor());
    }

    /** A group's callback target never changes, and a big group changes status many times: remember it. */
    private Optional<Target> target(UUID groupId) {
        synchronized (targets) {
            Optional<Target> known = targets.get(groupId);
            if (known != null) {
                return known;
            }
        }
        Optional<Target> target = load(groupId);
        synchronized (targets) {
            targets.put(groupId, target);
        }
        return target;
    }

    private Optional<Target> load(UUID groupId) {
        return jdbc.sql("SELECT callback_url, callback_data FROM message_group WHERE id = ? AND callback_url IS NOT NULL")
                .param(groupId)
                .query((rs, i) -> new Target(rs.getString("callback_url"), rs.getString("callback_data")))
                .optional();
    }
}

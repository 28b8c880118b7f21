package dev.herald.callback;

import dev.herald.delivery.MessageStatusChanged;
import dev.herald.delivery.MessageStatusChanges;
import java.util.ArrayList;
import java.util.HashMap;
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
        Map<UUID, Optional<Target>> batchTargets = targets(changes.changes());
        List<CallbackOutbox.NewCallback> callbacks = new ArrayList<>();
        for (MessageStatusChanged change : changes.changes()) {
            batchTargets.get(change.groupId()).ifPresent(target -> callbacks.add(new CallbackOutbox.NewCallback(
                    change.accountId(), change.messageId(), target.url(),
                    json.writeValueAsString(CallbackPayload.of(change, target.callbackData())),
                    change.oldStatus().name(), change.newStatus().name())));
        }
        outbox.addAll(callbacks, properties.retryFor());
    }

    /**
     * The callback target of each group of these changes. A group's target never changes, and a big group changes
     * status many times: remembered. The ones not known yet are read in one statement (a batch of one-destination
     * sends has a group per message).
     */
    private Map<UUID, Optional<Target>> targets(List<MessageStatusChanged> changes) {
        Map<UUID, Optional<Target>> found = new HashMap<>();
        Map<UUID, UUID> unknown = new LinkedHashMap<>();
        synchronized (targets) {
            for (MessageStatusChanged change : changes) {
                Optional<Target> known = targets.get(change.groupId());
                if (known != null) {
                    found.put(change.groupId(), known);
                } else {
                    unknown.put(change.groupId(), change.accountId());
                }
            }
        }
        if (unknown.isEmpty()) {
            return found;
        }
        Map<UUID, Optional<Target>> loaded = load(unknown);
        synchronized (targets) {
            targets.putAll(loaded);
        }
        found.putAll(loaded);
        return found;
    }

    /** Groups (by id, with their account) to their targets; empty for a group without a callback URL. */
    private Map<UUID, Optional<Target>> load(Map<UUID, UUID> accountOfGroup) {
        Map<UUID, Optional<Target>> loaded = new HashMap<>();
        accountOfGroup.keySet().forEach(id -> loaded.put(id, Optional.empty()));
        jdbc.sql("""
                        SELECT g.id, g.callback_url, g.callback_data
                        FROM message_group g JOIN unnest(?::uuid[], ?::uuid[]) AS u(id, account_id)
                          ON g.id = u.id AND g.account_id = u.account_id
                        WHERE g.callback_url IS NOT NULL""")
                .params(accountOfGroup.keySet().toArray(UUID[]::new), accountOfGroup.values().toArray(UUID[]::new))
                .query(rs -> {
                    loaded.put(rs.getObject("id", UUID.class),
                            Optional.of(new Target(rs.getString("callback_url"), rs.getString("callback_data"))));
                });
        return loaded;
    }
}

package dev.herald.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's workers when work is queued anywhere in the cluster: one connection per node LISTENs on
 * every channel a worker asked for, and writers NOTIFY them. If the connection drops, it reconnects and wakes
 * every worker once, in case a notification was missed; the workers' slow polls cover the rest.
 */
@Component
public class PgNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);

    private final DataSource dataSource;
    private final Map<String, Wakeup> channels = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> actions = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;

    public PgNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The doorbell rung by notifications on {@code channel}; ask before this component starts. */
    public Wakeup wakeupFor(String channel) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Channel names are lower-case identifiers: " + channel);
        }
        return channels.computeIfAbsent(channel, name -> new Wakeup());
    }

    /**
     * Runs {@code action} on the listener's thread for every notification on {@code channel}, and each time the
     * listener (re)connects, since notifications sent while it was away are lost; ask before this component
     * starts. The action must be quick and must not throw.
     */
    public void onNotify(String channel, Runnable action) {
        wakeupFor(channel);
        actions.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(action);
    }

    /**
     * Whether the listener is connected and LISTENing now: while it is not, notifications are missed, so what
     * relies on them for correctness (not just promptness) must not trust what it remembers.
     */
    public boolean isListening() {
        return listening;
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().name("herald-pg-listener").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        if (listener != null) {
            listener.interrupt();
        }
        channels.values().forEach(Wakeup::signal);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                for (String channel : channels.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                channels.values().forEach(Wakeup::signal);
                actions.values().forEach(list -> list.forEach(Runnable::run));
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            Wakeup wakeup = channels.get(notification.getName());
                            if (wakeup != null) {
                                wakeup.signal();
                            }
                            actions.getOrDefault(notification.getName(), List.of()).forEach(Runnable::run);
                        }
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    log.warn("Notification listener lost its connection ({}); reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

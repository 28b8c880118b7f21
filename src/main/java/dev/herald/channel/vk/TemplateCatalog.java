package dev.herald.channel.vk;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One connection's copy of the service's template list, asked for again once it is older than the
 * connection's {@code templateCacheMs}. A name that is missing or not approved in the copy is looked up
 * afresh (at most every few seconds), so a template approved a minute ago can be sent at once.
 */
final class TemplateCatalog {

    private static final Duration RECHECK = Duration.ofSeconds(5);

    private record Snapshot(Map<String, NotifyTemplate> byName, long takenAt) {

        Duration age() {
            return Duration.ofNanos(System.nanoTime() - takenAt);
        }
    }

    private final NotifyApi api;
    private final Duration maxAge;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Snapshot snapshot;

    TemplateCatalog(NotifyApi api, Duration maxAge) {
        this.api = api;
        this.maxAge = maxAge;
    }

    Optional<NotifyTemplate> find(String name) throws NotifyApi.CallFailedException {
        NotifyTemplate template = current(maxAge).byName().get(name);
        if (template == null || !template.approved()) {
            template = current(RECHECK.compareTo(maxAge) < 0 ? RECHECK : maxAge).byName().get(name);
        }
        return Optional.ofNullable(template);
    }

    /** Asks the service now, for a connection test; sorted by name. */
    List<NotifyTemplate> reload() throws NotifyApi.CallFailedException {
        return load().byName().values().stream().sorted(Comparator.comparing(NotifyTemplate::name)).toList();
    }

    /** Drops the copy: the service refused a template the copy called approved, so the copy is out of date. */
    void forget() {
        snapshot = null;
    }

    private Snapshot current(Duration acceptedAge) throws NotifyApi.CallFailedException {
        Snapshot known = snapshot;
        if (known != null && known.age().compareTo(acceptedAge) <= 0) {
            return known;
        }
        loading.lock();
        try {
            // Senders that waited here find the list another one just loaded.
            known = snapshot;
            if (known != null && known.age().compareTo(acceptedAge) <= 0) {
                return known;
            }
            return load();
        } finally {
            loading.unlock();
        }
    }

    private Snapshot load() throws NotifyApi.CallFailedException {
        Snapshot loaded = new Snapshot(api.templates().stream()
                .filter(t -> t.name() != null)
                .collect(Collectors.toUnmodifiableMap(NotifyTemplate::name, Function.identity(), (a, b) -> b)),
                System.nanoTime());
        snapshot = loaded;
        return loaded;
    }
}

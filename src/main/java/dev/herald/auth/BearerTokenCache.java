package dev.herald.auth;

import dev.herald.db.PgNotifications;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What this node remembers of bearer tokens it looked up, for a few seconds ({@code herald.auth.token-cache.ttl}),
 * keyed by the token's SHA-256 like the stores. Every change to tokens and to what they reach (API tokens,
 * OAuth authorizations and clients, partner apps, accounts, users) anywhere in the cluster empties it: a trigger
 * NOTIFYs {@value #CHANNEL} (V37) and every node LISTENs. While this node's listener is disconnected it might
 * miss one, so then nothing is remembered. Only live tokens are remembered, never refusals.
 */
@Component
public class BearerTokenCache {

    /** The channel the V37 trigger notifies when tokens change. */
    static final String CHANNEL = "token_change";

    private record Entry(OAuth2AuthenticatedPrincipal principal, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    // Bumped by every change: a lookup that read the database before a change must not store what it read.
    private final AtomicLong generation = new AtomicLong();
    private final PgNotifications notifications;
    private final TokenCacheProperties properties;
    private final Clock clock;

    BearerTokenCache(PgNotifications notifications, TokenCacheProperties properties, Clock clock) {
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
        notifications.onNotify(CHANNEL, this::forgetAll);
    }

    /** Forgets every token, at once on this node; other nodes learn of changes by the trigger's NOTIFY. */
    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /**
     * Forgets every token now and again when the current transaction commits, so that a lookup made in between
     * cannot keep what the change is about to end; the trigger's NOTIFY reaches the other nodes after the commit.
     */
    public void forgetAllOnCommit() {
        forgetAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forgetAll();
                }
            });
        }
    }

    /** The stamp to pass to {@link #remember}, taken before the lookup. */
    long stamp() {
        return generation.get();
    }

    /** The principal of a token remembered and still fresh. */
    OAuth2AuthenticatedPrincipal find(String tokenHash) {
        Entry entry = entries.get(tokenHash);
        if (entry == null) {
            return null;
        }
        if (!notifications.isListening() || !entry.until().isAfter(clock.instant())) {
            entries.remove(tokenHash, entry);
            return null;
        }
        return entry.principal();
    }

    /**
     * Remembers a live token's principal until the cache's ttl or {@code expiresAt} (null = no expiry), unless
     * tokens changed since {@code stamp}.
     */
    void remember(String tokenHash, OAuth2AuthenticatedPrincipal principal, Instant expiresAt, long stamp) {
        if (properties.ttl().isZero() || !notifications.isListening()) {
            return;
        }
        Instant until = clock.instant().plus(properties.ttl());
        if (expiresAt != null && expiresAt.isBefore(until)) {
            until = expiresAt;
        }
        if (entries.size() >= properties.maxEntries()) {
            entries.clear();
        }
        entries.put(tokenHash, new Entry(principal, until));
        // A change that came while storing: forget what may have been read before it.
        if (generation.get() != stamp) {
            entries.remove(tokenHash);
        }
    }
}

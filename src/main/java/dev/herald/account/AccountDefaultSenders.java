package dev.herald.account;

import dev.herald.channel.DefaultSenders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The account's default sender for providers, read from its settings and remembered briefly: a send that falls
 * back to it should not cost a query each. A change on this node applies at once, on other nodes within
 * {@link #REMEMBERED}.
 */
@Component
class AccountDefaultSenders implements DefaultSenders {

    static final Duration REMEMBERED = Duration.ofSeconds(30);
    /** More accounts than this sending at once only costs queries: the memory is dropped and starts again. */
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(Optional<String> sender, long untilNanos) {}

    private final AccountSettings settings;
    private final String herald;
    private final Map<UUID, Remembered> remembered = new ConcurrentHashMap<>();

    AccountDefaultSenders(AccountSettings settings, @Value("${herald.default-sender}") String herald) {
        this.settings = settings;
        this.herald = herald;
    }

    @Override
    public Optional<String> account(UUID accountId) {
        long now = System.nanoTime();
        Remembered known = remembered.get(accountId);
        if (known != null && now - known.untilNanos() < 0) {
            return known.sender();
        }
        Optional<String> sender = settings.defaultSender(accountId);
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(accountId, new Remembered(sender, now + REMEMBERED.toNanos()));
        return sender;
    }

    @Override
    public String herald() {
        return herald;
    }

    void forget(UUID accountId) {
        remembered.remove(accountId);
    }
}

package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.channel.ProviderConnection;
import dev.herald.provider.ProviderRegistry;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Provider capacity shared by every node: a provider's messages per second ({@link ProviderLeases}: a shared
 * Bucket4j bucket in PostgreSQL, leased to each node in blocks) and the spacing between messages to one
 * recipient ({@link RecipientSpacing}: a row per address, asked for in batches). A send waits for its turn on
 * its virtual thread when the wait is short; otherwise the job is put back for when capacity is expected, so
 * nothing over the limit is dropped.
 */
@Component
class RateLimits {

    private static final Duration CONNECTION_MAX_HOLD = Duration.ofSeconds(10);

    private final Function<String, Optional<HeraldProperties.RateLimit>> limitOf;
    private final ProviderLeases providerRates;
    private final RecipientSpacing recipients;
    private final JdbcTemplate jdbc;
    private final Holds holds;

    /** Told of each limited send's wait (the {@code herald.rate.limit.hold} timer). */
    interface Holds {
        void held(String provider, Duration held, boolean putBack);
    }

    @Autowired
    RateLimits(HeraldProperties properties, DataSource dataSource, ProviderRegistry providers, DeliveryMetrics metrics) {
        this(limitsOf(properties, providers), dataSource, metrics::rateLimitHold);
    }

    /** Limits looked up by provider name (as recorded on the message) through {@code limitOf}. */
    RateLimits(Function<String, Optional<HeraldProperties.RateLimit>> limitOf, DataSource dataSource) {
        this(limitOf, dataSource, (provider, held, putBack) -> { });
    }

    private RateLimits(Function<String, Optional<HeraldProperties.RateLimit>> limitOf, DataSource dataSource, Holds holds) {
        this.limitOf = limitOf;
        this.holds = holds;
        ProxyManager<String> buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.providerRates = new ProviderLeases(buckets);
        this.jdbc = new JdbcTemplate(dataSource);
        this.recipients = new RecipientSpacing(jdbc);
    }

    /**
     * Takes one message's worth of capacity for {@code provider} and {@code address}, waiting up to the
     * limit's {@code maxHold} for it. The provider's token is taken first: a message put back because the
     * provider had no capacity has not used up its recipient's turn, and one put back because the recipient's
     * turn has not come gives its provider token back to this node.
     *
     * @return empty when the message may go now, else how long to put it back for
     */
    Optional<Duration> acquire(String provider, String address) throws InterruptedException {
        HeraldProperties.RateLimit limit = limitOf.apply(provider).orElse(null);
        if (limit == null) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Optional<Duration> putBack = acquire(provider, address, limit);
        holds.held(provider, Duration.ofNanos(System.nanoTime() - started), putBack.isPresent());
        return putBack;
    }

    private Optional<Duration> acquire(String provider, String address, HeraldProperties.RateLimit limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.maxHold().toNanos();
        boolean spaced = limit.perRecipientInterval() != null && address != null;
        while (true) {
            if (limit.perSecond() > 0) {
                Optional<Duration> wait = providerRates.take(provider, limit.perSecond(), deadline, limit.maxHold());
                if (wait.isPresent() || !spaced) {
                    return wait;
                }
            }
            if (!spaced) {
                return Optional.empty();
            }
            Optional<Duration> turn = recipients.take(provider, address, limit.perRecipientInterval());
            if (turn.isEmpty()) {
                return turn;
            }
            if (limit.perSecond() > 0) {
                providerRates.giveBack(provider, limit.perSecond());
            }
            if (System.nanoTime() + turn.get().toNanos() - deadline > 0) {
                return turn;
            }
            Thread.sleep(turn.get());
        }
    }

    private static Function<String, Optional<HeraldProperties.RateLimit>> limitsOf(HeraldProperties properties,
                                                                                  ProviderRegistry providers) {
        Map<String, HeraldProperties.RateLimit> configured = properties.rateLimits().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        return provider -> Optional.ofNullable(configured.get(provider.toLowerCase(Locale.ROOT)))
                .or(() -> providers.connectionOf(provider).flatMap(RateLimits::connectionLimit));
    }

    /** The limits an account set on its connection ({@code ratePerSecond}, {@code perRecipientIntervalMs}). */
    private static Optional<HeraldProperties.RateLimit> connectionLimit(ProviderConnection connection) {
        int perSecond = connection.intSetting(ProviderConnection.RATE_PER_SECOND, 0);
        int intervalMs = connection.intSetting(ProviderConnection.PER_RECIPIENT_INTERVAL_MS, 0);
        if (perSecond <= 0 && intervalMs <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HeraldProperties.RateLimit(perSecond,
                intervalMs > 0 ? Duration.ofMillis(intervalMs) : null, CONNECTION_MAX_HOLD));
    }

    /** Buckets and recipients not written to for a while are full again and need no row. */
    @Scheduled(fixedDelayString = "${herald.rate-limit-cleanup-interval:PT10M}")
    void removeIdleBuckets() {
        jdbc.update("DELETE FROM rate_limit_bucket WHERE expires_at < ?", System.currentTimeMillis());
        recipients.removeIdle();
        providerRates.dropExpired();
    }
}

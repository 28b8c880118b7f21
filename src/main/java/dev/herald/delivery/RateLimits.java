package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderRegistry;
import dev.herald.provider.ProviderConnectionService;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Provider capacity shared by every node: token buckets kept in PostgreSQL by Bucket4j, one per provider
 * (messages per second) and one per provider and address (spacing between messages to one recipient).
 * A send waits for its token on its virtual thread when the wait is short; otherwise the job is put back
 * for when capacity is expected, so nothing over the limit is dropped.
 */
@Component
class RateLimits {

    private static final Duration CONNECTION_MAX_HOLD = Duration.ofSeconds(10);

    private final Map<String, HeraldProperties.RateLimit> limits;
    private final ProxyManager<String> buckets;
    private final JdbcClient jdbc;

    private final ProviderRegistry providers;

    RateLimits(HeraldProperties properties, DataSource dataSource, JdbcClient jdbc, ProviderRegistry providers) {
        this.providers = providers;
        this.limits = properties.rateLimits().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.jdbc = jdbc;
    }

    /**
     * Takes one message's worth of capacity for {@code provider} and {@code address}, waiting up to the
     * limit's {@code maxHold} for it.
     *
     * @return empty when the message may go now, else how long to put it back for
     */
    Optional<Duration> acquire(String provider, String address) throws InterruptedException {
        HeraldProperties.RateLimit limit = limits.get(provider.toLowerCase(Locale.ROOT));
        if (limit == null) {
            limit = providers.connectionOf(provider).flatMap(RateLimits::connectionLimit).orElse(null);
        }
        if (limit == null) {
            return Optional.empty();
        }
        if (limit.perRecipientInterval() != null && address != null) {
            Optional<Duration> wait = take(bucket("recipient:" + provider + ":" + limit.perRecipientInterval().toMillis()
                            + ":" + address,
                    Bandwidth.builder().capacity(1).refillGreedy(1, limit.perRecipientInterval()).build()), limit.maxHold());
            if (wait.isPresent()) {
                return wait;
            }
        }
        if (limit.perSecond() > 0) {
            // The rate is part of the key, so a connection whose rate changed starts a bucket of the new size.
            return take(bucket("provider:" + provider + ":" + limit.perSecond(),
                    Bandwidth.builder().capacity(limit.perSecond()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)).build()),
                    limit.maxHold());
        }
        return Optional.empty();
    }

    /** The limits an account set on its connection ({@code ratePerSecond}, {@code perRecipientIntervalMs}). */
    private static Optional<HeraldProperties.RateLimit> connectionLimit(ProviderConnection connection) {
        int perSecond = connection.intSetting(ProviderConnectionService.RATE_PER_SECOND, 0);
        int intervalMs = connection.intSetting(ProviderConnectionService.PER_RECIPIENT_INTERVAL_MS, 0);
        if (perSecond <= 0 && intervalMs <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HeraldProperties.RateLimit(perSecond,
                intervalMs > 0 ? Duration.ofMillis(intervalMs) : null, CONNECTION_MAX_HOLD));
    }

    private BucketProxy bucket(String key, Bandwidth bandwidth) {
        return buckets.builder().build(key, () -> BucketConfiguration.builder().addLimit(bandwidth).build());
    }

    private static Optional<Duration> take(BucketProxy bucket, Duration maxHold) throws InterruptedException {
        if (bucket.asBlocking().tryConsume(1, maxHold)) {
            return Optional.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Optional.of(Duration.ofNanos(Math.max(nanos, maxHold.toNanos() / 2)));
    }

    /** Buckets of recipients not written to for a while are full again and need no row. */
    @Scheduled(fixedDelayString = "${herald.rate-limit-cleanup-interval:PT10M}")
    void removeIdleBuckets() {
        jdbc.sql("DELETE FROM rate_limit_bucket WHERE expires_at < ?").param(System.currentTimeMillis()).update();
    }
}

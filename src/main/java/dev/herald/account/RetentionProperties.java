package dev.herald.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the per-account data retention runs ({@code herald.retention.*}); how long each account keeps message
 * content is its own setting ({@code retentionDays}, default 90).
 *
 * @param eraseEvery how often the erasure runs
 * @param eraseBatch how many messages one statement erases at most (it repeats until the account is done)
 */
@ConfigurationProperties("herald.retention")
public record RetentionProperties(
        @DefaultValue("PT1H") Duration eraseEvery,
        @DefaultValue("1000") int eraseBatch) {}

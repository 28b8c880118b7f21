package dev.herald.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the audit log is kept ({@code herald.audit.*}).
 *
 * @param retention  entries older than this are deleted
 * @param purgeEvery how often the purge runs
 * @param purgeBatch how many entries one purge statement deletes at most (the purge repeats until done)
 */
@ConfigurationProperties("herald.audit")
public record AuditProperties(
        @DefaultValue("400d") Duration retention,
        @DefaultValue("PT1H") Duration purgeEvery,
        @DefaultValue("1000") int purgeBatch) {}

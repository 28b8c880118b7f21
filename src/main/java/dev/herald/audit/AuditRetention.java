package dev.herald.audit;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit entries older than {@code herald.audit.retention}, a bounded batch per statement so that a
 * large backlog never holds long locks; every node may run it (deleting the same old rows twice is harmless).
 */
@Component
@EnableConfigurationProperties(AuditProperties.class)
public class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    /** At most this many batches per run, so one run ends even while entries keep ageing. */
    private static final int MAX_BATCHES = 100;

    private final AuditLog audit;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditLog audit, AuditProperties properties, Clock clock) {
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${herald.audit.purge-every:PT1H}", initialDelayString = "PT5M")
    void scheduled() {
        purge();
    }

    /** @return how many entries were deleted */
    public int purge() {
        Instant before = clock.instant().minus(properties.retention());
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = audit.purge(before, properties.purgeBatch());
            total += deleted;
            if (deleted < properties.purgeBatch()) {
                break;
            }
        }
        if (total > 0) {
            log.info("Deleted {} audit entries older than {}", total, before);
        }
        return total;
    }
}

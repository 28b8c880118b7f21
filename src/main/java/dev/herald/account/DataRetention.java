package dev.herald.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Erases message content and addresses (and what events said) once they are older than their account's {@code retentionDays}
 * ({@link RetainedMessages} says what goes and what stays), every {@code herald.retention.erase-every}, at most
 * {@code herald.retention.erase-batch} messages per statement and transaction. Every node may run it: each batch
 * locks its rows with SKIP LOCKED, so two nodes erase different messages, and erasing is idempotent. A message
 * that has not finished (waiting, being sent, or sent without a report yet) keeps its content until it has.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class DataRetention {

    private static final Logger log = LoggerFactory.getLogger(DataRetention.class);
    /** At most this many batches per account and run, so one run ends and every account gets its turn. */
    private static final int MAX_BATCHES = 100;

    private final RetainedMessages messages;
    private final RetentionProperties properties;
    private final Clock clock;

    DataRetention(RetainedMessages messages, RetentionProperties properties, Clock clock) {
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${herald.retention.erase-every:PT1H}", initialDelayString = "PT10M")
    void scheduled() {
        run();
    }

    /** @return how many messages, chat lines and events were erased */
    public int run() {
        Instant now = clock.instant();
        int total = 0;
        for (RetainedMessages.Due due : messages.accounts()) {
            Instant cutoff = now.minus(Duration.ofDays(due.retentionDays()));
            int erased = 0;
            boolean done = false;
            for (int i = 0; i < MAX_BATCHES && !done; i++) {
                int batch = messages.eraseBatch(due.account(), due.floor(), cutoff, properties.eraseBatch());
                erased += batch;
                done = batch < properties.eraseBatch();
            }
            if (done) {
                messages.advanceFloor(due.account(), due.floor(), cutoff);
            }
            for (int i = 0; i < MAX_BATCHES; i++) {
                int lines = messages.eraseChatLines(due.account(), cutoff, properties.eraseBatch());
                erased += lines;
                if (lines < properties.eraseBatch()) {
                    break;
                }
            }
            for (int i = 0; i < MAX_BATCHES; i++) {
                int events = messages.eraseEvents(due.account(), cutoff, properties.eraseBatch());
                erased += events;
                if (events < properties.eraseBatch()) {
                    break;
                }
            }
            if (erased > 0) {
                log.info("Data retention erased {} messages, chat lines and events of account {} made before {}", erased,
                        due.account(), cutoff);
            }
            total += erased;
        }
        return total;
    }
}

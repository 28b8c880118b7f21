package dev.herald.chat.session;

import dev.herald.chat.ChatProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code herald.chat.sweep-interval}, on every node: closes sessions idle past
 * {@code herald.chat.session-timeout}, in one statement safe to run on several nodes at once. (Replies a
 * messenger could not take at first are handed over again by {@link ReplyRetries}.)
 */
@Component
class SessionSweeps {

    private static final Logger log = LoggerFactory.getLogger(SessionSweeps.class);

    private final ChatSessions sessions;
    private final Clock clock;
    private final Duration timeout;

    SessionSweeps(ChatSessions sessions, Clock clock, ChatProperties properties) {
        this.sessions = sessions;
        this.clock = clock;
        this.timeout = properties.sessionTimeout();
    }

    @Scheduled(fixedDelayString = "${herald.chat.sweep-interval:10s}", initialDelayString = "${herald.chat.sweep-interval:10s}")
    void sweep() {
        try {
            Instant now = clock.instant();
            int timedOut = sessions.timeOut(now.minus(timeout), now);
            if (timedOut > 0) {
                log.info("{} chat session(s) timed out", timedOut);
            }
        } catch (RuntimeException e) {
            log.warn("Chat session sweep failed: {}", e.toString());
        }
    }
}

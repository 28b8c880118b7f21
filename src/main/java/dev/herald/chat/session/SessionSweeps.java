package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.SendResult;
import dev.herald.chat.Chat;
import dev.herald.chat.ChatProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code herald.chat.sweep-interval}, on every node: closes sessions idle past
 * {@code herald.chat.session-timeout}, and hands over again the bot's and operators' replies a messenger
 * could not take at first. Both are single statements safe to run on several nodes at once.
 */
@Component
class SessionSweeps {

    private static final Logger log = LoggerFactory.getLogger(SessionSweeps.class);
    /** How long a claimed reply stays with its node before another node may try it. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Replies not handed over within this time are given up as FAILED. */
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

    private final ChatSessions sessions;
    private final ChatClients clients;
    private final Transcript transcript;
    private final Dialogues dialogues;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration timeout;

    SessionSweeps(ChatSessions sessions, ChatClients clients, Transcript transcript, Dialogues dialogues,
                  TransactionTemplate tx, Clock clock, ChatProperties properties) {
        this.sessions = sessions;
        this.clients = clients;
        this.transcript = transcript;
        this.dialogues = dialogues;
        this.tx = tx;
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
            retryReplies(now);
        } catch (RuntimeException e) {
            log.warn("Chat session sweep failed: {}", e.toString());
        }
    }

    private void retryReplies(Instant now) {
        List<Transcript.Due> due = tx.execute(status -> transcript.claimDue(now, LEASE, 100));
        for (Transcript.Due claimed : due) {
            Transcript.Line line = claimed.line();
            if (line.createdAt().plus(GIVE_UP_AFTER).isBefore(now)) {
                tx.executeWithoutResult(status -> transcript.failed(line.id(), "Given up after "
                        + GIVE_UP_AFTER.toMinutes() + " minutes; last error: " + line.error()));
                continue;
            }
            ChatSession session = sessions.findAny(line.sessionId()).orElse(null);
            if (session == null || !line.provider().startsWith("conn:")) {
                continue;
            }
            Chat.Messenger messenger = new Chat.Messenger(session.messengerType(),
                    line.provider().substring("conn:".length()));
            Dialogues.Handover handover = new Dialogues.Handover(new AccountId(session.accountId()), messenger,
                    clients.address(session.clientId()), List.of(line));
            SendResult result = dialogues.handOver(handover, claimed.attempts() + 1,
                    work -> tx.executeWithoutResult(status -> work.run()));
            if (!(result instanceof SendResult.Accepted)) {
                log.debug("Reply {} of chat session {} not handed over again: {}", line.id(), session.id(), result);
            }
        }
    }
}

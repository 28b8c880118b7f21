package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.SendResult;
import dev.herald.chat.Chat;
import dev.herald.db.LeasedWorker;
import dev.herald.db.Wakeup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands over again, on whichever node holds them (see {@link LeasedWorker}), the bot's and operators' replies a
 * messenger could not take at first, or whose node died before it handed them over: each is due at its
 * {@code retry_at} (see {@link Dialogues} for the wait), and given up as FAILED an hour after it was written.
 * It looks for due replies every {@code herald.chat.sweep-interval}, and sooner when one is due sooner.
 */
@Component
class ReplyRetries extends LeasedWorker<Transcript.Due> {

    private static final Logger log = LoggerFactory.getLogger(ReplyRetries.class);
    /** How long a claimed reply stays with its node (kept alive while its hand-over runs) before another may try it. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Replies not handed over within this time are given up as FAILED. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

    private final ChatSessions sessions;
    private final ChatClients clients;
    private final Transcript transcript;
    private final Dialogues dialogues;
    private final TransactionTemplate tx;
    private final Clock clock;

    ReplyRetries(Transcript transcript, ChatSessions sessions, ChatClients clients, Dialogues dialogues,
                 TransactionTemplate tx, Clock clock, @Value("${herald.chat.sweep-interval:10s}") Duration pollInterval) {
        // No notification: a reply becomes due by time alone, which the loop's wait already accounts for.
        super(transcript, new Wakeup(), new Settings("herald-chat-replies", 100, 100, LEASE, pollInterval, false));
        this.sessions = sessions;
        this.clients = clients;
        this.transcript = transcript;
        this.dialogues = dialogues;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    protected void work(Transcript.Due claimed) {
        Transcript.Line line = claimed.line();
        Instant now = clock.instant();
        if (line.createdAt().plus(GIVE_UP_AFTER).isBefore(now)) {
            tx.executeWithoutResult(status -> transcript.failed(line.id(), "Given up after "
                    + GIVE_UP_AFTER.toMinutes() + " minutes; last error: " + line.error()));
            return;
        }
        ChatSession session = sessions.findAny(line.sessionId()).orElse(null);
        Optional<ConnectionKey> connection = ConnectionKey.parse(line.provider());
        if (session == null || connection.isEmpty()) {
            // Left to its lease, and given up in time.
            return;
        }
        Chat.Messenger messenger = new Chat.Messenger(session.messengerType(), connection.get().connectionId().toString());
        Dialogues.Handover handover = new Dialogues.Handover(new AccountId(session.accountId()), messenger,
                clients.address(session.clientId()), List.of(line));
        SendResult result = dialogues.handOver(handover, claimed.attempts() + 1,
                work -> tx.executeWithoutResult(status -> work.run()));
        if (!(result instanceof SendResult.Accepted)) {
            log.debug("Reply {} of chat session {} not handed over again: {}", line.id(), session.id(), result);
        }
    }
}

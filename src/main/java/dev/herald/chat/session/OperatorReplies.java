package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's answer to a client, for the API and the console alike: stored in the session's history, the
 * session handed to operators, and the answer handed to the session's messenger on the same outbound path as
 * the bot's replies (one the messenger does not take at once is retried by {@link ReplyRetries}).
 */
@Service
public class OperatorReplies {

    static final int MAX_TEXT = SandboxChatController.MAX_TEXT;

    private final Dialogues dialogues;
    private final Transcript transcript;
    private final TransactionTemplate tx;

    OperatorReplies(Dialogues dialogues, Transcript transcript, TransactionTemplate tx) {
        this.dialogues = dialogues;
        this.transcript = transcript;
        this.tx = tx;
    }

    /**
     * Sends {@code text} into the session; answers the line as stored after the first hand-over.
     *
     * @throws InvalidRequestException  naming {@code text} when it is empty or too long
     * @throws dev.herald.web.NotFoundException when the account has no such session
     * @throws dev.herald.web.ConflictException when the session is closed or its chat lost the messenger
     */
    public Transcript.Line reply(AccountId account, UUID sessionId, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new InvalidRequestException("text", "is required, at most " + MAX_TEXT + " characters");
        }
        Dialogues.Replied replied = tx.execute(status -> dialogues.reply(account, sessionId, text));
        dialogues.handOver(replied.handover(), 1, work -> tx.executeWithoutResult(status -> work.run()));
        return transcript.find(account, replied.line().id()).orElseThrow();
    }

    /**
     * Closes the session for good (a closed one stays as it is); its results keep what the client answered.
     *
     * @throws dev.herald.web.NotFoundException when the account has no such session
     */
    public void close(AccountId account, UUID sessionId) {
        tx.executeWithoutResult(status -> dialogues.close(account, sessionId));
    }

    /**
     * Hands a session an operator holds back to its bot, which asks its question again (a session at an operator
     * step starts over); what the bot says goes out on the same path as its other replies.
     *
     * @throws dev.herald.web.NotFoundException when the account has no such session
     * @throws dev.herald.web.ConflictException when the session is not with an operator, or its chat has no bot
     */
    public void handBack(AccountId account, UUID sessionId) {
        Dialogues.Replied replied = tx.execute(status -> dialogues.handBack(account, sessionId));
        dialogues.handOver(replied.handover(), 1, work -> tx.executeWithoutResult(status -> work.run()));
    }
}

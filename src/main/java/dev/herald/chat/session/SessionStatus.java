package dev.herald.chat.session;

/** Where a chat session stands. ACTIVE and OPERATOR sessions are open: the client's messages go to them. */
public enum SessionStatus {
    /** The bot leads the dialogue. */
    ACTIVE,
    /** Handed over to a person (an operator step, a chat without a bot, or an operator's reply). */
    OPERATOR,
    /** The bot reached an end step. */
    FINISHED,
    /** Nothing was said either way for {@code herald.chat.session-timeout}. */
    TIMED_OUT,
    /** Closed by an operator, or replaced by a new session the account started for the same client. */
    CLOSED;

    public boolean isOpen() {
        return this == ACTIVE || this == OPERATOR;
    }
}

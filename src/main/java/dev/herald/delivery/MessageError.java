package dev.herald.delivery;

/** Why a message did not get through: a stable code for programs and a sentence for people. */
public record MessageError(String code, String message) {

    public static final String BLOCKED = "BLOCKED";
    public static final String NO_ADDRESS = "NO_ADDRESS";
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
    /** The contact opted out of the message's category on its channel (contact policy). */
    public static final String UNSUBSCRIBED = "UNSUBSCRIBED";
    /** The contact had as many messages of the category as its frequency cap allows (contact policy). */
    public static final String FREQUENCY_CAP = "FREQUENCY_CAP";
    /** Held in the contact's quiet hours; final only when they last beyond the validity (contact policy). */
    public static final String QUIET_HOURS = "QUIET_HOURS";
    /** Held: the account's balance is at or below its hard limit. */
    public static final String BALANCE_LIMIT = "BALANCE_LIMIT";
}

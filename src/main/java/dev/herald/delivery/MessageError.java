package dev.herald.delivery;

/** Why a message did not get through: a stable code for programs and a sentence for people. */
public record MessageError(String code, String message) {

    public static final String BLOCKED = "BLOCKED";
    public static final String NO_ADDRESS = "NO_ADDRESS";
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
}

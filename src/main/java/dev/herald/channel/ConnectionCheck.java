package dev.herald.channel;

/**
 * What testing a connection found.
 *
 * @param detail for people: what was checked and what the service answered ("bound as HERALD",
 *               "535 5.7.8 authentication failed", "getMe: @my_bot")
 */
public record ConnectionCheck(boolean ok, String detail) {

    public static ConnectionCheck ok(String detail) {
        return new ConnectionCheck(true, detail);
    }

    public static ConnectionCheck failed(String detail) {
        return new ConnectionCheck(false, detail);
    }
}

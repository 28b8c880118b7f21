package dev.herald.channel.facebook;

import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Send API error ({@code {"error": {"code", "error_subcode", "message"}}}) as a send outcome: rate
 * limits and Meta's outages are retried; a user who cannot be messaged is blocked; everything else fails the
 * message with code {@code FACEBOOK_<error code>}, so the cascade moves on. See the Messenger Platform's error
 * code reference.
 */
final class SendErrors {

    static final String OUTSIDE_WINDOW = "FACEBOOK_OUTSIDE_WINDOW";

    /** Application, page and user request limits (4, 17, 32, 613) and temporary errors (1, 2). */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 17, 32, 613);

    /** The message was outside the 24-hour standard messaging window and had no (valid) message tag. */
    private static final Set<Integer> WINDOW_SUBCODES = Set.of(2018278, 2018065, 1545041);

    private SendErrors() {}

    static SendResult outcome(MetaGraphApi.Answer answer, String connectionName) {
        JsonNode error = answer.body().path("error");
        int code = error.path("code").asInt(-1);
        int subcode = error.path("error_subcode").asInt(-1);
        String text = describe(error, answer);
        if (TRANSIENT.contains(code) || error.path("is_transient").asBoolean(false)
                || answer.status() == 429 || answer.status() >= 500) {
            return new SendResult.TransientFailure("Facebook answered " + answer.status() + ": " + text, null);
        }
        if (code == 551 || subcode == 2018108) {
            // "This person isn't available right now": the user blocked the Page or left Messenger.
            return new SendResult.RecipientBlocked("Facebook: " + text);
        }
        if (WINDOW_SUBCODES.contains(subcode)) {
            return new SendResult.PermanentFailure(OUTSIDE_WINDOW, "Facebook refused the message: " + text
                    + " (more than 24 hours since the user last wrote to the Page: give messageTag, e.g. ACCOUNT_UPDATE,"
                    + " for a non-promotional update)");
        }
        String errorCode = code < 0 ? "HTTP_" + answer.status() : "FACEBOOK_" + code;
        if (answer.status() == 401 || code == 190 || code == 102) {
            return new SendResult.PermanentFailure(errorCode, "Facebook refused the Page access token of connection '"
                    + connectionName + "' (" + text + "); set a valid, non-expiring pageAccessToken");
        }
        return new SendResult.PermanentFailure(errorCode, "Facebook refused the message: " + text + hint(code, subcode));
    }

    /** Meta's message with its code and subcode: what a human needs to look the error up. */
    static String describe(JsonNode error, MetaGraphApi.Answer answer) {
        if (!error.isObject()) {
            return answer.quoted();
        }
        String code = error.has("code") ? "(#" + error.path("code").asString()
                + (error.has("error_subcode") ? "/" + error.path("error_subcode").asString() : "") + ") " : "";
        return code + Excerpt.of(error.path("message").asString(""));
    }

    private static String hint(int code, int subcode) {
        if (subcode == 2018001) {
            return " (no user with this PSID: the address must be the page-scoped id a webhook gave for this Page)";
        }
        if (code == 10 || code == 200 || code == 230) {
            return " (the Page access token lacks pages_messaging, or the app is not approved for it)";
        }
        return "";
    }
}

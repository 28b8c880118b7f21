package dev.herald.channel.whatsapp;

import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Graph API error ({@code {"error": {"code", "message", "error_data": {"details"}}}}) as a send outcome:
 * rate limits and Meta's own outages are retried; everything else fails the message with code
 * {@code WHATSAPP_<error code>}, so the cascade moves on. See the Cloud API's error code reference.
 */
final class GraphErrors {

    /** Throttling (130429 throughput, 131048 spam limit, 131056 pair limit, 80007 / 4 app limits) and outages. */
    private static final Set<Integer> TRANSIENT = Set.of(130429, 131048, 131056, 80007, 4, 1, 2, 131000, 131016, 133004);

    /** OAuth errors: an expired, revoked or wrong access token, or one without the WhatsApp permissions. */
    private static final Set<Integer> TOKEN = Set.of(190, 0, 10, 200);

    private GraphErrors() {}

    static SendResult outcome(MetaGraphApi.Answer answer, String connectionName) {
        JsonNode error = answer.body().path("error");
        int code = error.path("code").asInt(-1);
        String text = describe(error, answer);
        if (TRANSIENT.contains(code) || error.path("is_transient").asBoolean(false)
                || answer.status() == 429 || answer.status() >= 500) {
            return new SendResult.TransientFailure("WhatsApp answered " + answer.status() + ": " + text, null);
        }
        String errorCode = code < 0 ? "HTTP_" + answer.status() : "WHATSAPP_" + code;
        if (answer.status() == 401 || TOKEN.contains(code)) {
            return new SendResult.PermanentFailure(errorCode, "WhatsApp refused the access token of connection '"
                    + connectionName + "' (" + text + "); set a valid, non-expiring system-user accessToken");
        }
        return new SendResult.PermanentFailure(errorCode, "WhatsApp refused the message: " + text + hint(code));
    }

    /** What a human needs to act on the error: Meta's message and its details, which name the bad field. */
    static String describe(JsonNode error, MetaGraphApi.Answer answer) {
        if (!error.isObject()) {
            return answer.quoted();
        }
        String message = error.path("message").asString("");
        String details = error.path("error_data").path("details").asString("");
        String code = error.has("code") ? "(#" + error.path("code").asString() + ") " : "";
        return code + Excerpt.of(message + (details.isBlank() || details.equals(message) ? "" : ": " + details));
    }

    private static String hint(int code) {
        return switch (code) {
            case 131047 -> " (more than 24 hours since the user last wrote: send a template, templateName)";
            case 131026 -> " (the number is not on WhatsApp, or its app is too old or has not accepted the terms)";
            case 131050 -> " (the user has stopped marketing messages from this business)";
            case 132001 -> " (no approved template of that name in that language)";
            case 132000, 132012 -> " (templateData does not fit the template's parameters)";
            default -> "";
        };
    }
}

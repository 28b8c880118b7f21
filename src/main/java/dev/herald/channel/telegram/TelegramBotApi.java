package dev.herald.channel.telegram;

import dev.herald.channel.ProviderHttp;
import dev.herald.support.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the Telegram Bot API ({@code https://core.telegram.org/bots/api}): each call is a JSON POST to
 * {@code <baseUrl>/bot<token>/<method>}, answered {@code {"ok": true, "result": ...}} or
 * {@code {"ok": false, "error_code", "description", "parameters": {"retry_after"}}}. The URL holds the bot
 * token, so it is never logged.
 */
@Component
public class TelegramBotApi {

    public static final String DEFAULT_BASE_URL = "https://api.telegram.org";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** A bot as the API is called for it. */
    public record Bot(String baseUrl, String token) {

        public Bot {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip().replaceAll("/+$", "");
            // A token pasted with a space or newline around it is still valid, but not in a URL.
            token = token == null ? null : token.strip();
        }
    }

    /**
     * What one call answered.
     *
     * @param retryAfter Telegram's {@code parameters.retry_after} on 429, else null
     */
    public record Answer(int httpStatus, boolean ok, JsonNode result, int errorCode, String description,
                         Duration retryAfter) {}

    /** The bot behind a token, from {@code getMe}. */
    public record Me(long id, String username, String firstName) {}

    /** A call that did not succeed: Telegram refused it ({@link #answer()} set) or could not be reached. */
    public static final class Failure extends RuntimeException {

        private final transient Answer answer;

        Failure(String message, Answer answer, Throwable cause) {
            super(message, cause);
            this.answer = answer;
        }

        /** Telegram's refusal, or null when it could not be reached. */
        public Answer answer() {
            return answer;
        }
    }

    private final HttpClient http;
    private final JsonMapper json;

    TelegramBotApi(JsonMapper json) {
        this.json = json;
        this.http = ProviderHttp.client();
    }

    /**
     * Calls {@code method} with {@code parameters} as its JSON body.
     *
     * @throws IOException when Telegram could not be reached or did not answer with Bot API JSON
     */
    public Answer call(Bot bot, String method, Map<String, Object> parameters) throws IOException {
        URI uri;
        try {
            uri = URI.create(bot.baseUrl() + "/bot" + bot.token() + "/" + method);
        } catch (IllegalArgumentException e) {
            // The exception's message quotes the whole URL, token included; it must not reach logs or errors.
            throw new IOException("the base URL and bot token do not form a valid URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(parameters)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new IOException("HTTP " + response.statusCode() + " without Bot API JSON");
        }
        if (body == null || !body.isObject() || !body.has("ok")) {
            throw new IOException("HTTP " + response.statusCode() + " without Bot API JSON");
        }
        JsonNode retryAfter = body.path("parameters").path("retry_after");
        String description = body.path("description").asString("");
        return new Answer(response.statusCode(), body.path("ok").asBoolean(false), body.path("result"),
                body.path("error_code").asInt(response.statusCode()), description.isBlank() ? "" : Excerpt.of(description),
                retryAfter.isNumber() ? Duration.ofSeconds(retryAfter.asLong()) : null);
    }

    /** Who the token belongs to; proves the token works. */
    public Me getMe(Bot bot) {
        JsonNode me = succeed(bot, "getMe", Map.of());
        return new Me(me.path("id").asLong(), me.path("username").asString(""), me.path("first_name").asString(""));
    }

    /**
     * Has Telegram POST the bot's updates to {@code url} with {@code secret} in
     * {@code X-Telegram-Bot-Api-Secret-Token}.
     */
    public void setWebhook(Bot bot, String url, String secret, List<String> allowedUpdates) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("url", url);
        parameters.put("secret_token", secret);
        parameters.put("allowed_updates", allowedUpdates);
        succeed(bot, "setWebhook", parameters);
    }

    /** Stops the bot's updates from going to a webhook. */
    public void deleteWebhook(Bot bot) {
        succeed(bot, "deleteWebhook", Map.of());
    }

    private JsonNode succeed(Bot bot, String method, Map<String, Object> parameters) {
        Answer answer;
        try {
            answer = call(bot, method, parameters);
        } catch (IOException e) {
            throw new Failure("Telegram at " + bot.baseUrl() + " did not answer " + method + ": " + e.getMessage(),
                    null, e);
        }
        if (!answer.ok()) {
            throw new Failure(method + ": Telegram answered " + answer.errorCode() + " " + answer.description(),
                    answer, null);
        }
        return answer.result();
    }
}

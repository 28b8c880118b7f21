package dev.herald.channel.viber;

import dev.herald.channel.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The Viber REST bot API calls Herald makes for one bot. Viber answers HTTP 200 to nearly everything and
 * tells the outcome in the body's {@code status} (0 = ok) and {@code status_message}.
 */
final class ViberApi {

    static final String AUTH_HEADER = "X-Viber-Auth-Token";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** An answer; {@code body} is a missing node when it was not JSON. */
    record Answer(int httpStatus, JsonNode body, String text) {

        /** Viber's status code, or -1 when the answer had none. */
        int status() {
            return body.path("status").asInt(-1);
        }

        String statusMessage() {
            String message = body.path("status_message").asString("");
            return message.isBlank() ? quoted() : ProviderHttp.quoted(message);
        }

        String quoted() {
            return ProviderHttp.quoted(text);
        }
    }

    private final HttpClient http;
    private final JsonMapper json;
    private final String baseUrl;
    private final String authToken;

    ViberApi(HttpClient http, JsonMapper json, String baseUrl, String authToken) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authToken = authToken;
    }

    Answer post(String method, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + method))
                .timeout(TIMEOUT)
                .header(AUTH_HEADER, authToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode parsed;
        try {
            parsed = response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : json.readTree(response.body());
        } catch (JacksonException notJson) {
            parsed = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), parsed, response.body());
    }
}

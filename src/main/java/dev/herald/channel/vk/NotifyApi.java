package dev.herald.channel.vk;

import dev.herald.support.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification service's HTTP API as one connection reaches it: {@code GET /templates},
 * {@code POST /templates} (a template sent to moderation) and {@code POST /notifications}, authorised with the connection's bearer token (see docs/providers.md).
 */
final class NotifyApi {


    private final VkNotifySettings settings;
    private final HttpClient http;
    private final JsonMapper json;

    NotifyApi(VkNotifySettings settings, HttpClient http, JsonMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    /** The service could not be asked, or answered other than 2xx. */
    static final class CallFailedException extends Exception {

        private final int status;

        CallFailedException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when there was no answer. */
        int status() {
            return status;
        }
    }

    List<NotifyTemplate> templates() throws CallFailedException {
        HttpResponse<String> response = call(request("/templates").GET().build());
        if (response.statusCode() / 100 != 2) {
            throw new CallFailedException("GET /templates answered " + response.statusCode() + ": "
                    + Excerpt.of(response.body()), response.statusCode());
        }
        List<NotifyTemplate> templates = new ArrayList<>();
        try {
            for (JsonNode item : json.readTree(response.body()).path("items")) {
                templates.add(new NotifyTemplate(text(item, "name"), text(item, "status"), text(item, "text"),
                        text(item, "vkontakteText"), text(item, "odnoklassnikiText")));
            }
        } catch (RuntimeException e) {
            throw new CallFailedException("GET /templates answered something other than {\"items\": [...]}: "
                    + Excerpt.of(response.body()), response.statusCode());
        }
        return templates;
    }

    /** Sends a template to moderation; the answer says how it went (2xx with its status, or why not). */
    HttpResponse<String> postTemplate(Map<String, Object> body) throws CallFailedException {
        return call(request("/templates")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build());
    }

    HttpResponse<String> postNotification(Map<String, Object> body, String idempotencyKey) throws CallFailedException {
        return call(request("/notifications")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.accessToken())
                .header("Accept", "application/json");
    }

    private HttpResponse<String> call(HttpRequest request) throws CallFailedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailedException(request.method() + " " + request.uri().getPath() + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailedException(request.method() + " " + request.uri().getPath() + " was interrupted", 0);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

}

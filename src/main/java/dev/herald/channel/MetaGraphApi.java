package dev.herald.channel;

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
 * The Graph API calls Herald makes for one Meta connection (a WhatsApp number, a Facebook Page), authorised with
 * its access token. The token goes in the {@code Authorization} header rather than Meta's {@code access_token}
 * query parameter, so that it never appears in a logged URL.
 */
public final class MetaGraphApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** An answer of the Graph API; {@code body} is a missing node when the answer was not JSON. */
    public record Answer(int status, JsonNode body, String text) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The answer's text for an error message, cut short. */
        public String quoted() {
            return ProviderHttp.quoted(text);
        }
    }

    private final HttpClient http;
    private final JsonMapper json;
    private final String baseUrl;
    private final String accessToken;

    public MetaGraphApi(HttpClient http, JsonMapper json, String baseUrl, String accessToken) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.accessToken = accessToken;
    }

    public Answer post(String path, Object body) throws IOException, InterruptedException {
        return call(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return call(request(pathAndQuery).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken);
    }

    private Answer call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : json.readTree(response.body());
        } catch (JacksonException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body, response.body());
    }
}

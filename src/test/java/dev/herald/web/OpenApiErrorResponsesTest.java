package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every API operation in /v3/api-docs documents its error answers with the problem schema. */
class OpenApiErrorResponsesTest extends HeraldTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Test
    void everyApiOperationDocumentsBadRequestAndUnauthorized() {
        JsonNode docs = anonymous().get("/v3/api-docs").json();
        assertThat(docs.get("components").get("schemas").get("Problem").get("properties").has("errors")).isTrue();
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations++;
                JsonNode responses = operation.getValue().get("responses");
                for (String code : List.of("400", "401", "403", "503")) {
                    if (!responses.has(code) || !problemSchema(responses.get(code))) {
                        missing.add(operation.getKey() + " " + path.getKey() + " " + code);
                    }
                }
                if (path.getKey().contains("{") && !responses.has("404")) {
                    missing.add(operation.getKey() + " " + path.getKey() + " 404");
                }
            }
        }
        assertThat(operations).isGreaterThan(50);
        assertThat(missing).isEmpty();
    }

    @Test
    void sendingMessagesDocumentsItsAnswers() {
        JsonNode send = anonymous().get("/v3/api-docs").json().get("paths").get("/api/v1/messages").get("post");
        JsonNode responses = send.get("responses");
        assertThat(responses.has("201")).isTrue();
        assertThat(responses.has("400")).isTrue();
        assertThat(responses.has("401")).isTrue();
        assertThat(responses.has("413")).isTrue();
        assertThat(responses.get("503").get("headers").has("Retry-After")).isTrue();
        assertThat(responses.get("503").get("description").asString()).contains("delivery is behind");
        assertThat(problemSchema(responses.get("400"))).isTrue();
        // The operation's own success answer is left as it was.
        assertThat(responses.get("201").has("content")).isTrue();
    }

    private static boolean problemSchema(JsonNode response) {
        return PROBLEM.equals(response.path("content").path("application/problem+json").path("schema").path("$ref").asString(""));
    }
}

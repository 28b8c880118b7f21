package dev.herald.workflow;

import dev.herald.callback.CallbackUrlGuard;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook step's POST: JSON naming the workflow, run, step and contact with the trigger event's parameters,
 * to a URL the callbacks' SSRF guard allows, within the step's timeout. Answers the HTTP status, 0 when there was
 * none (refused address, timeout, connection error). The {@code Idempotency-Key} header lets the receiver drop a
 * repeat: a node that dies between the call and recording it calls again.
 */
@Component
class WebhookCalls {

    private static final Logger log = LoggerFactory.getLogger(WebhookCalls.class);

    private final CallbackUrlGuard guard;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookCalls(CallbackUrlGuard guard, JsonMapper json) {
        this.guard = guard;
        this.json = json;
    }

    int call(Run run, Definition.Webhook step) {
        if (!(guard.check(step.url()) instanceof CallbackUrlGuard.Verdict.Allowed)) {
            log.warn("Webhook of workflow {} run {} refused: {} is not a public address", run.workflowId(), run.id(),
                    step.url().getHost());
            return 0;
        }
        Map<String, Object> body = Map.of("workflowId", run.workflowId(), "runId", run.id(), "step", run.step(),
                "contactId", run.contactId(), "event", run.event());
        HttpRequest request = HttpRequest.newBuilder(step.url()).timeout(step.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "workflow-run-" + run.id() + "-" + run.seq())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            log.info("Webhook of workflow {} run {} got no answer: {}", run.workflowId(), run.id(), e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}

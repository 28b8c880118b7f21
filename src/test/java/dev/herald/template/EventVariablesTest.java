package dev.herald.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Templates with an event's parameters as nested variables: {{event.orderId}} and loops over cart items. */
class EventVariablesTest extends HeraldTest {

    @Test
    void anEventsParametersFillDottedNamesAndListSections() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", TemplateApiTest.template("Cart", """
                {"email": {"subject": "Order {{event.orderId}}",
                           "html": "<ul>{{#event.items}}<li>{{name}} × {{qty}}</li>{{/event.items}}</ul>{{^event.items}}empty{{/event.items}}"},
                 "sms": {"text": "{{event.orderId}}: {{#event.items}}{{name}}{{#-last}}.{{/-last}}{{^-last}}, {{/-last}}{{/event.items}}"}}"""))
                .json().get("id").asString();

        ApiClient.Response preview = api.post("/api/v1/templates/" + id + "/preview", """
                {"variables": {"event": {"orderId": "123",
                  "items": [{"name": "Tea <green>", "qty": 2}, {"name": "Cup", "qty": 1}]}}}""");

        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        JsonNode channels = preview.json().get("channels");
        assertThat(channels.at("/email/content/subject").asString()).isEqualTo("Order 123");
        assertThat(channels.at("/email/content/html").asString())
                .isEqualTo("<ul><li>Tea &lt;green&gt; × 2</li><li>Cup × 1</li></ul>");
        assertThat(channels.at("/sms/content/text").asString()).isEqualTo("123: Tea <green>, Cup.");

        // A parameter the event lacks is the missing variable, named by its path; an empty list is an empty section.
        JsonNode missing = api.post("/api/v1/templates/" + id + "/preview",
                "{\"variables\": {\"event\": {\"items\": []}}}").json().get("channels");
        assertThat(missing.at("/sms/error/code").asString()).isEqualTo("MISSING_VARIABLE");
        assertThat(missing.at("/sms/error/message").asString()).contains("event.orderId");
        JsonNode empty = api.post("/api/v1/templates/" + id + "/preview",
                "{\"variables\": {\"event\": {\"orderId\": 7, \"items\": []}}}").json().get("channels");
        assertThat(empty.at("/email/content/html").asString()).isEqualTo("<ul></ul>empty");

        ApiClient.Response huge = api.post("/api/v1/templates/" + id + "/preview",
                "{\"variables\": {\"event\": {\"note\": \"" + "x".repeat(20_001) + "\"}}}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("errors").get(0).get("field").asString()).isEqualTo("variables.event");
    }
}

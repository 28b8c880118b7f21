package dev.herald.chat.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bots through the API: a scenario is checked whole on every save, and every version is kept. */
class ScenarioValidationTest extends HeraldTest {

    @Test
    void everyProblemOfAScenarioIsNamedByItsPath() {
        ApiClient api = newAccount();
        String scenario = """
                {"start": "hello", "steps": [
                  {"id": "hello", "type": "message", "text": "Hi", "next": "ask"},
                  {"id": "ask", "type": "question", "text": "Yes or no?",
                   "buttons": [{"text": "Yes"}, {"text": "Yes"}], "variable": "2answer",
                   "transitions": [{"button": "Maybe", "to": "done"}, {"match": "([a-z", "to": "done"},
                                   {"to": "nowhere"}, {"to": "done"}]},
                  {"id": "done", "type": "end", "result": {"nested": {"a": 1}}},
                  {"id": "ask", "type": "end"},
                  {"id": "orphan", "type": "end", "text": "never said"},
                  {"id": "loop1", "type": "message", "text": "a", "next": "loop2"},
                  {"id": "loop2", "type": "message", "text": "b", "next": "loop1"},
                  {"id": "bad id!", "type": "dance", "next": "hello"},
                  {"id": "chatty", "type": "end", "next": "hello", "buttons": []}
                ]}""";

        ApiClient.Response response = api.post("/api/v1/bots", "{\"name\":\"Broken\",\"scenario\":" + scenario + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        Map<String, String> errors = errors(response.json());
        assertThat(errors).containsKeys(
                "scenario.steps[3].id",                       // duplicate id
                "scenario.steps[1].buttons[1]",               // two buttons answering the same
                "scenario.steps[1].variable",                 // not a variable name
                "scenario.steps[1].transitions[0].button",    // no such button
                "scenario.steps[1].transitions[1].match",     // not a regular expression
                "scenario.steps[1].transitions[2].to",        // unknown step
                "scenario.steps[1].transitions[3]",           // a second fallback
                "scenario.steps[2].result.nested",            // results are flat
                "scenario.steps[4]",                          // unreachable
                "scenario.steps[6].next",                     // messages looping without a question
                "scenario.steps[7].id",                       // bad characters
                "scenario.steps[7].type",                     // unknown type
                "scenario.steps[8].next",                     // an end step has no next
                "scenario.steps[8].buttons");
        assertThat(errors.get("scenario.steps[1].transitions[2].to")).contains("nowhere");
        assertThat(errors.get("scenario.steps[4]")).contains("cannot be reached");
        assertThat(errors.get("scenario.steps[6].next")).contains("never wait for an answer");
        assertThat(errors.get("scenario.steps[8].next")).isEqualTo("an end step has no next; only a message step has");
        assertThat(api.get("/api/v1/bots").json().get("count").asLong()).isZero();
    }

    @Test
    void aScenarioNeedsAStartAStepToFinishAtAndTargetsThatExist() {
        ApiClient api = newAccount();
        assertProblem(api, "null", "scenario");
        assertProblem(api, "{\"start\":\"a\",\"steps\":[]}", "scenario.steps");
        assertProblem(api, "{\"steps\":[{\"id\":\"a\",\"type\":\"end\"}]}", "scenario.start");
        assertProblem(api, "{\"start\":\"b\",\"steps\":[{\"id\":\"a\",\"type\":\"end\"}]}", "scenario.start");
        // A question that only ever asks itself again can never finish.
        Map<String, String> endless = errors(post(api, """
                {"start": "q", "steps": [
                  {"id": "q", "type": "question", "text": "?", "transitions": [{"to": "q"}]},
                  {"id": "bye", "type": "message", "text": "bye", "next": "q"}]}""").json());
        assertThat(endless).containsKeys("scenario.steps", "scenario.steps[0]", "scenario.steps[1]");
        assertProblem(api, """
                {"start": "q", "steps": [{"id": "q", "type": "question", "text": "?"}, {"id": "e", "type": "end"}]}""",
                "scenario.steps[0].transitions");
        assertProblem(api, """
                {"start": "m", "steps": [{"id": "m", "type": "message", "next": "e"}, {"id": "e", "type": "end"}]}""",
                "scenario.steps[0].text");
        ApiClient.Response notAnArray = api.post("/api/v1/bots", "{\"name\":\"x\",\"scenario\":{\"steps\":7}}");
        assertThat(notAnArray.status()).isEqualTo(400);
        assertThat(notAnArray.json().get("errors").get(0).get("field").asString()).isEqualTo("scenario.steps");
        ApiClient.Response noName = api.post("/api/v1/bots", "{\"scenario\":" + ChatFixtures.SURVEY + "}");
        assertThat(errors(noName.json())).containsOnlyKeys("name");
    }

    @Test
    void botsAreCreatedListedSearchedReplacedAsNewVersionsAndDeleted() {
        ApiClient api = newAccount();
        String id = ChatFixtures.createBot(api, "Опрос NPS", ChatFixtures.SURVEY);
        ChatFixtures.createBot(api, "Запись к врачу", ChatFixtures.SURVEY);

        JsonNode bot = api.get("/api/v1/bots/" + id).json();
        assertThat(bot.get("name").asString()).isEqualTo("Опрос NPS");
        assertThat(bot.get("version").asInt()).isEqualTo(1);
        assertThat(bot.get("scenario").get("start").asString()).isEqualTo("nps");
        assertThat(api.get("/api/v1/bots?name=nps").json().get("count").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/bots?name=%25").json().get("count").asLong()).as("% is no wildcard").isZero();
        assertThat(api.get("/api/v1/bots").json().get("count").asLong()).isEqualTo(2);

        String simpler = "{\"start\":\"bye\",\"steps\":[{\"id\":\"bye\",\"type\":\"end\",\"text\":\"Bye\"}]}";
        JsonNode replaced = api.put("/api/v1/bots/" + id, "{\"name\":\"Опрос\",\"scenario\":" + simpler + "}").json();
        assertThat(replaced.get("version").asInt()).isEqualTo(2);
        assertThat(replaced.get("scenario").get("start").asString()).isEqualTo("bye");
        assertThat(api.put("/api/v1/bots/" + id, "{\"name\":\"Опрос\",\"scenario\":{\"start\":\"x\",\"steps\":[]}}")
                .status()).isEqualTo(400);
        assertThat(api.get("/api/v1/bots/" + id).json().get("version").asInt()).isEqualTo(2);

        String chatId = ChatFixtures.createChat(api, "Поддержка", id);
        assertThat(api.delete("/api/v1/bots/" + id).status()).as("the chat's default bot").isEqualTo(409);
        api.put("/api/v1/chats/" + chatId, "{\"name\":\"Поддержка\",\"messengers\":[{\"messengerType\":\"WEB\"}]}");
        assertThat(api.delete("/api/v1/bots/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/bots/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/bots/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bots").json().get("count").asLong()).isEqualTo(1);
    }

    private static ApiClient.Response post(ApiClient api, String scenario) {
        return api.post("/api/v1/bots", "{\"name\":\"Bot\",\"scenario\":" + scenario + "}");
    }

    private static void assertProblem(ApiClient api, String scenario, String field) {
        ApiClient.Response response = post(api, scenario);
        assertThat(response.status()).as(scenario).isEqualTo(400);
        assertThat(errors(response.json())).as(scenario).containsKey(field);
    }

    private static Map<String, String> errors(JsonNode problem) {
        Map<String, String> errors = new HashMap<>();
        problem.get("errors").forEach(e -> errors.merge(e.get("field").asString(), e.get("message").asString(),
                (a, b) -> a + "; " + b));
        return errors;
    }
}

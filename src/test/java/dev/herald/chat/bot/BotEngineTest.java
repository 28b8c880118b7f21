package dev.herald.chat.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.chat.ChatFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The bot engine on its own: turns through a scenario, answers by button, by text and by match. */
class BotEngineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Scenario SURVEY = JSON.readValue(ChatFixtures.SURVEY, Scenario.class);

    @Test
    void theSurveyIsAValidScenario() {
        assertThat(ScenarioValidator.validate(SURVEY, "scenario")).isEmpty();
    }

    @Test
    void startingAsksTheFirstQuestionWithTheContextFilledIn() {
        BotEngine.Turn turn = BotEngine.start(SURVEY, null, Map.of("name", "Иван"));

        assertThat(turn.outcome()).isEqualTo(BotEngine.Outcome.WAITING);
        assertThat(turn.step()).isEqualTo("nps");
        assertThat(turn.prompts()).extracting(BotEngine.Prompt::text).containsExactly("Иван, оцените нас от 1 до 10");
    }

    @Test
    void anOpeningTextReplacesTheFirstPromptButKeepsItsButtons() {
        Scenario confirmFirst = new Scenario("confirmation", SURVEY.steps());
        BotEngine.Turn turn = BotEngine.start(confirmFirst, "Привет, {{name}}! Придёте?", Map.of("name", "Иван"));

        assertThat(turn.prompts()).hasSize(1);
        assertThat(turn.prompts().getFirst().text()).isEqualTo("Привет, Иван! Придёте?");
        assertThat(turn.prompts().getFirst().buttons()).extracting(Scenario.Button::text)
                .containsExactly("Подтверждаю", "Отказ");
    }

    @Test
    void answersAreStoredAndLeadByButtonByTypedButtonTextAndByMatch() {
        BotEngine.Turn asked = BotEngine.answer(SURVEY, "nps", Map.of(), Map.of(), "  9 ", null);
        assertThat(asked.step()).isEqualTo("confirmation");
        assertThat(asked.variables()).containsEntry("nps", "9");

        BotEngine.Turn pressed = BotEngine.answer(SURVEY, "confirmation", asked.variables(), Map.of(), null, "yes");
        assertThat(pressed.outcome()).isEqualTo(BotEngine.Outcome.FINISHED);
        assertThat(pressed.variables()).containsEntry("confirmation", "yes");
        assertThat(pressed.result()).containsEntry("outcome", "confirmed");
        assertThat(pressed.prompts()).extracting(BotEngine.Prompt::text).containsExactly("Ждём вас!");

        BotEngine.Turn typed = BotEngine.answer(SURVEY, "confirmation", Map.of(), Map.of(), "подтверждаю", null);
        assertThat(typed.variables()).as("typing a button's text presses it").containsEntry("confirmation", "yes");

        BotEngine.Turn operator = BotEngine.answer(SURVEY, "confirmation", Map.of(), Map.of(),
                "Позовите ОПЕРАТОРА, пожалуйста", null);
        assertThat(operator.outcome()).isEqualTo(BotEngine.Outcome.OPERATOR);
        assertThat(operator.variables()).containsEntry("confirmation", "Позовите ОПЕРАТОРА, пожалуйста");
    }

    @Test
    void anAnswerNothingFitsAsksAgainAndStoresNothing() {
        BotEngine.Turn turn = BotEngine.answer(SURVEY, "confirmation", Map.of("nps", "9"), Map.of(), "может быть", null);

        assertThat(turn.outcome()).isEqualTo(BotEngine.Outcome.WAITING);
        assertThat(turn.step()).isEqualTo("confirmation");
        assertThat(turn.variables()).containsOnlyKeys("nps");
        assertThat(turn.prompts()).extracting(BotEngine.Prompt::text).containsExactly("Подтверждаете запись?");
    }

    @Test
    void messageStepsAreSaidOneAfterAnotherUntilAQuestion() {
        Scenario scenario = new Scenario("hi", List.of(
                new Scenario.Step("hi", "message", "Здравствуйте!", null, null, null, "rules", null),
                new Scenario.Step("rules", "message", "Ответ займёт минуту.", null, null, null, "q", null),
                new Scenario.Step("q", "question", "Как вас зовут?", null, "name",
                        List.of(new Scenario.Transition(null, null, "bye")), null, null),
                new Scenario.Step("bye", "end", "Спасибо, {{name}}!", null, null, null, null, Map.of("who", "{{name}}"))));
        assertThat(ScenarioValidator.validate(scenario, "scenario")).isEmpty();

        BotEngine.Turn start = BotEngine.start(scenario, null, Map.of());
        assertThat(start.prompts()).extracting(BotEngine.Prompt::text)
                .containsExactly("Здравствуйте!", "Ответ займёт минуту.", "Как вас зовут?");
        BotEngine.Turn end = BotEngine.answer(scenario, "q", start.variables(), Map.of(), "Анна", null);
        assertThat(end.prompts()).extracting(BotEngine.Prompt::text).containsExactly("Спасибо, Анна!");
        assertThat(end.result()).containsEntry("who", "Анна");
    }

    @Test
    void aCatastrophicallyBacktrackingMatchCountsAsNoMatch() {
        Scenario scenario = new Scenario("q", List.of(
                new Scenario.Step("q", "question", "?", null, "a",
                        List.of(new Scenario.Transition(null, "^(a+)+$", "e")), null, null),
                new Scenario.Step("e", "end", null, null, null, null, null, null)));

        long started = System.nanoTime();
        BotEngine.Turn turn = BotEngine.answer(scenario, "q", Map.of(), Map.of(), "a".repeat(40) + "!", null);

        assertThat(turn.step()).isEqualTo("q");
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }
}

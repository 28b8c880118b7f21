package dev.herald.chat.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bot's dialogue as data: the {@code start} step and the steps by id. See {@code docs/chats.md} for the
 * format; {@link ScenarioValidator} says what a usable scenario is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(String start, List<Step> steps) {

    public Optional<Step> step(String id) {
        return steps == null || id == null ? Optional.empty()
                : steps.stream().filter(s -> s != null && id.equals(s.id())).findFirst();
    }

    /**
     * One step. {@code message}: says {@code text} and goes on to {@code next}. {@code question}: says
     * {@code text} with optional {@code buttons}, waits for the answer, stores it in {@code variable} and
     * follows the first matching {@code transitions}. {@code end}: says {@code text} if any and finishes the
     * dialogue, adding {@code result} to its results. {@code operator}: says {@code text} if any and hands
     * the session over to a person.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String id, String type, String text, List<Button> buttons, String variable,
                       List<Transition> transitions, String next, Map<String, Object> result) {

        public StepType kind() {
            return StepType.parse(type).orElseThrow();
        }
    }

    /** A reply button: shows {@code text}; pressing it answers {@code value} (the text when absent). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Button(String text, String value) {

        public String answer() {
            return value == null ? text : value;
        }
    }

    /**
     * Where an answer leads: to {@code to} when the {@code button} with that value was pressed, or when the
     * answer matches the regular expression {@code match}; a transition with neither is the fallback.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transition(String button, String match, String to) {

        @JsonIgnore
        public boolean isFallback() {
            return button == null && match == null;
        }
    }
}

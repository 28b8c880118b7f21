package dev.herald.chat.bot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a validated scenario one turn at a time: where the dialogue starts, and what an answer leads to. It
 * holds no state: the session stores the current step and the variables between turns.
 */
public final class BotEngine {

    /** A guard against scenarios saved before a rule existed: no turn walks more steps than this. */
    private static final int MAX_STEPS_PER_TURN = ScenarioValidator.MAX_STEPS;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private BotEngine() {}

    /** Something the bot says: a text with the buttons to show under it (empty when none). */
    public record Prompt(String text, List<Scenario.Button> buttons) {}

    /** How a turn left the dialogue: still waiting at a question, finished at an end step, or handed over. */
    public enum Outcome { WAITING, FINISHED, OPERATOR }

    /**
     * The result of a turn.
     *
     * @param step      the step the dialogue now waits at (or ended at)
     * @param variables the answers so far, by variable name, in the order they were first given
     * @param result    the end step's {@code result} entries, rendered; empty unless finished
     */
    public record Turn(List<Prompt> prompts, String step, Map<String, String> variables, Outcome outcome,
                       Map<String, Object> result) {}

    /**
     * Starts a dialogue at the scenario's start step.
     *
     * @param opening  when given, replaces the text of the first thing the bot says (a broadcast's own wording)
     * @param context  values for {@code {{name}}} placeholders besides the answers (the session's initial variables)
     */
    public static Turn start(Scenario scenario, String opening, Map<String, String> context) {
        return walk(scenario, scenario.start(), opening, new LinkedHashMap<>(), context);
    }

    /**
     * Takes the dialogue up again where a person leaves it: the question the session stands at is asked again,
     * and a session at any other step (an operator step) starts over from the start step, keeping its answers.
     */
    public static Turn resume(Scenario scenario, String stepId, Map<String, String> variables,
                              Map<String, String> context) {
        boolean atQuestion = scenario.step(stepId).map(s -> s.kind() == StepType.QUESTION).orElse(false);
        return walk(scenario, atQuestion ? stepId : scenario.start(), null, new LinkedHashMap<>(variables), context);
    }

    /**
     * Takes the client's answer to the question the dialogue waits at: a pressed button's {@code payload}, or
     * free {@code text} (which also counts as pressing a button whose text or value it equals).
     */
    public static Turn answer(Scenario scenario, String stepId, Map<String, String> variables,
                              Map<String, String> context, String text, String payload) {
        Scenario.Step step = scenario.step(stepId).orElseThrow(() -> new IllegalStateException(
                "The session waits at step '" + stepId + "', which its bot version does not have"));
        Map<String, String> answers = new LinkedHashMap<>(variables);
        Optional<Scenario.Button> pressed = pressed(step, text, payload);
        String answer = pressed.map(Scenario.Button::answer)
                .orElse(text != null && !text.isBlank() ? text.strip() : payload);
        Optional<String> target = answer == null ? Optional.empty() : transition(step, pressed, answer);
        if (target.isEmpty()) {
            // Nothing fits and there is no fallback: ask again.
            return new Turn(List.of(prompt(step, null, answers, context)), step.id(), answers, Outcome.WAITING, Map.of());
        }
        if (step.variable() != null) {
            answers.put(step.variable(), answer);
        }
        return walk(scenario, target.get(), null, answers, context);
    }

    private static Turn walk(Scenario scenario, String from, String opening, Map<String, String> answers,
                             Map<String, String> context) {
        List<Prompt> prompts = new ArrayList<>();
        String id = from;
        for (int walked = 0; walked < MAX_STEPS_PER_TURN; walked++) {
            String current = id;
            Scenario.Step step = scenario.step(current).orElseThrow(() -> new IllegalStateException(
                    "The scenario has no step '" + current + "'"));
            String override = prompts.isEmpty() ? opening : null;
            switch (step.kind()) {
                case MESSAGE -> {
                    prompts.add(prompt(step, override, answers, context));
                    id = step.next();
                }
                case QUESTION -> {
                    prompts.add(prompt(step, override, answers, context));
                    return new Turn(prompts, step.id(), answers, Outcome.WAITING, Map.of());
                }
                case END -> {
                    addIfText(prompts, step, override, answers, context);
                    return new Turn(prompts, step.id(), answers, Outcome.FINISHED, result(step, answers, context));
                }
                case OPERATOR -> {
                    addIfText(prompts, step, override, answers, context);
                    return new Turn(prompts, step.id(), answers, Outcome.OPERATOR, Map.of());
                }
            }
        }
        throw new IllegalStateException("The scenario walked " + MAX_STEPS_PER_TURN + " steps without waiting");
    }

    private static Optional<Scenario.Button> pressed(Scenario.Step step, String text, String payload) {
        if (step.buttons() == null) {
            return Optional.empty();
        }
        if (payload != null) {
            Optional<Scenario.Button> byPayload = step.buttons().stream()
                    .filter(b -> payload.equals(b.answer()) || payload.equals(b.text())).findFirst();
            if (byPayload.isPresent()) {
                return byPayload;
            }
        }
        if (text == null) {
            return Optional.empty();
        }
        String typed = text.strip().toLowerCase(Locale.ROOT);
        return step.buttons().stream()
                .filter(b -> typed.equals(b.text().strip().toLowerCase(Locale.ROOT))
                        || typed.equals(b.answer().strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static Optional<String> transition(Scenario.Step step, Optional<Scenario.Button> pressed, String answer) {
        String fallback = null;
        for (Scenario.Transition t : step.transitions()) {
            if (t.button() != null) {
                if (pressed.isPresent() && t.button().equals(pressed.get().answer())) {
                    return Optional.of(t.to());
                }
            } else if (t.match() != null) {
                if (matches(t.match(), answer)) {
                    return Optional.of(t.to());
                }
            } else if (fallback == null) {
                fallback = t.to();
            }
        }
        return Optional.ofNullable(fallback);
    }

    private static boolean matches(String regex, String answer) {
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        try {
            return pattern.matcher(new BoundedCharSequence(answer)).find();
        } catch (BoundedCharSequence.TooSlowException e) {
            // A pathological expression must not hold the thread: treat it as no match.
            return false;
        }
    }

    private static void addIfText(List<Prompt> prompts, Scenario.Step step, String override,
                                  Map<String, String> answers, Map<String, String> context) {
        if (override != null || (step.text() != null && !step.text().isBlank())) {
            prompts.add(prompt(step, override, answers, context));
        }
    }

    private static Prompt prompt(Scenario.Step step, String override, Map<String, String> answers,
                                 Map<String, String> context) {
        String text = render(override != null ? override : step.text(), answers, context);
        return new Prompt(text, step.buttons() == null ? List.of() : List.copyOf(step.buttons()));
    }

    private static Map<String, Object> result(Scenario.Step step, Map<String, String> answers,
                                              Map<String, String> context) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (step.result() != null) {
            step.result().forEach((key, value) -> result.put(key,
                    value instanceof String s ? render(s, answers, context) : value));
        }
        return result;
    }

    /** Fills {@code {{name}}} from the answers, then the context; an unknown name becomes empty. */
    public static String render(String text, Map<String, String> answers, Map<String, String> context) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = answers.containsKey(name) ? answers.get(name) : context.getOrDefault(name, "");
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}

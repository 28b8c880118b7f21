package dev.herald.chat.bot;

import dev.herald.web.FieldProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a scenario when a bot is saved, so that a running dialogue never meets a missing step: every field
 * on its own, every reference to a step, and the shape of the graph (every step reachable from the start,
 * every step able to reach an end, no loop of messages that never waits for an answer). Problems are named
 * by JSON path under {@code scenario}.
 */
public final class ScenarioValidator {

    static final int MAX_STEPS = 200;
    static final int MAX_TEXT = 4096;
    static final int MAX_BUTTONS = 10;
    static final int MAX_BUTTON_TEXT = 64;
    static final int MAX_TRANSITIONS = 50;
    static final int MAX_MATCH = 200;
    static final int MAX_RESULT_ENTRIES = 50;
    private static final int MAX_VALUE = 256;
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** The results key that holds the variables a session was started with. */
    public static final String INITIAL_VARIABLES = "initialVariables";

    private ScenarioValidator() {}

    public static List<FieldProblem> validate(Scenario scenario, String path) {
        List<FieldProblem> problems = new ArrayList<>();
        if (scenario == null) {
            problems.add(new FieldProblem(path, "is required: {\"start\": \"<step id>\", \"steps\": [...]}"));
            return problems;
        }
        List<Scenario.Step> steps = scenario.steps();
        if (steps == null || steps.isEmpty()) {
            problems.add(new FieldProblem(path + ".steps", "at least one step is required"));
            return problems;
        }
        if (steps.size() > MAX_STEPS) {
            problems.add(new FieldProblem(path + ".steps", "at most " + MAX_STEPS + " steps"));
            return problems;
        }
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Scenario.Step step = steps.get(i);
            if (step != null && step.id() != null) {
                Integer first = indexById.putIfAbsent(step.id(), i);
                if (first != null) {
                    problems.add(new FieldProblem(stepPath(path, i) + ".id",
                            "duplicates the id of steps[" + first + "]: step ids must be unique"));
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            checkStep(problems, stepPath(path, i), steps.get(i), indexById.keySet());
        }
        if (scenario.start() == null || scenario.start().isBlank()) {
            problems.add(new FieldProblem(path + ".start", "is required: the id of the first step"));
        } else if (!indexById.containsKey(scenario.start())) {
            problems.add(new FieldProblem(path + ".start", "no step has the id '" + scenario.start() + "'"));
        }
        boolean canFinish = steps.stream().anyMatch(s -> s != null
                && (StepType.END.key().equals(s.type()) || StepType.OPERATOR.key().equals(s.type())));
        if (!canFinish) {
            problems.add(new FieldProblem(path + ".steps", "needs at least one step of type end or operator"));
        }
        // The graph checks read only references that exist, so they add nothing misleading to the above.
        if (indexById.containsKey(scenario.start())) {
            checkGraph(problems, path, scenario, indexById);
        }
        return problems;
    }

    private static void checkStep(List<FieldProblem> problems, String p, Scenario.Step step, Set<String> ids) {
        if (step == null) {
            problems.add(new FieldProblem(p, "must be a step object"));
            return;
        }
        if (step.id() == null || step.id().isBlank()) {
            problems.add(new FieldProblem(p + ".id", "is required"));
        } else if (!STEP_ID.matcher(step.id()).matches()) {
            problems.add(new FieldProblem(p + ".id", "must be 1 to 64 letters, digits, '_' or '-'"));
        }
        StepType type = StepType.parse(step.type()).orElse(null);
        if (type == null) {
            problems.add(new FieldProblem(p + ".type", (step.type() == null ? "is required" : "unknown step type '"
                    + step.type() + "'") + "; one of " + StepType.keys()));
            return;
        }
        if (step.text() != null && step.text().length() > MAX_TEXT) {
            problems.add(new FieldProblem(p + ".text", "must be at most " + MAX_TEXT + " characters"));
        }
        if ((type == StepType.MESSAGE || type == StepType.QUESTION) && (step.text() == null || step.text().isBlank())) {
            problems.add(new FieldProblem(p + ".text", "is required for a " + type.key() + " step"));
        }
        notUsed(problems, p + ".buttons", step.buttons(), type, StepType.QUESTION);
        notUsed(problems, p + ".variable", step.variable(), type, StepType.QUESTION);
        notUsed(problems, p + ".transitions", step.transitions(), type, StepType.QUESTION);
        notUsed(problems, p + ".next", step.next(), type, StepType.MESSAGE);
        notUsed(problems, p + ".result", step.result(), type, StepType.END);
        switch (type) {
            case MESSAGE -> {
                if (step.next() == null) {
                    problems.add(new FieldProblem(p + ".next", "is required: the id of the step that follows"));
                } else {
                    checkTarget(problems, p + ".next", step.next(), ids);
                }
            }
            case QUESTION -> checkQuestion(problems, p, step, ids);
            case END -> checkResult(problems, p + ".result", step.result());
            case OPERATOR -> { }
        }
    }

    private static void checkQuestion(List<FieldProblem> problems, String p, Scenario.Step step, Set<String> ids) {
        Set<String> answers = new HashSet<>();
        if (step.buttons() != null) {
            if (step.buttons().size() > MAX_BUTTONS) {
                problems.add(new FieldProblem(p + ".buttons", "at most " + MAX_BUTTONS + " buttons"));
            }
            for (int k = 0; k < step.buttons().size(); k++) {
                Scenario.Button button = step.buttons().get(k);
                String bp = p + ".buttons[" + k + "]";
                if (button == null) {
                    problems.add(new FieldProblem(bp, "must be a button object with text"));
                    continue;
                }
                if (button.text() == null || button.text().isBlank() || button.text().length() > MAX_BUTTON_TEXT) {
                    problems.add(new FieldProblem(bp + ".text", "is required, at most " + MAX_BUTTON_TEXT + " characters"));
                }
                if (button.value() != null && (button.value().isBlank() || button.value().length() > MAX_VALUE)) {
                    problems.add(new FieldProblem(bp + ".value", "must be 1 to " + MAX_VALUE + " characters"));
                }
                if (button.answer() != null && !answers.add(button.answer())) {
                    problems.add(new FieldProblem(bp, "answers '" + button.answer() + "' like an earlier button"));
                }
            }
        }
        if (step.variable() != null && (!VARIABLE.matcher(step.variable()).matches()
                || step.variable().equals(INITIAL_VARIABLES))) {
            problems.add(new FieldProblem(p + ".variable", "must be a name of letters, digits and '_' (at most 64, "
                    + "not starting with a digit), other than " + INITIAL_VARIABLES));
        }
        List<Scenario.Transition> transitions = step.transitions();
        if (transitions == null || transitions.isEmpty()) {
            problems.add(new FieldProblem(p + ".transitions", "a question needs at least one transition "
                    + "(by button, by match, or a fallback with only \"to\")"));
            return;
        }
        if (transitions.size() > MAX_TRANSITIONS) {
            problems.add(new FieldProblem(p + ".transitions", "at most " + MAX_TRANSITIONS + " transitions"));
        }
        boolean fallback = false;
        for (int k = 0; k < transitions.size(); k++) {
            Scenario.Transition t = transitions.get(k);
            String tp = p + ".transitions[" + k + "]";
            if (t == null) {
                problems.add(new FieldProblem(tp, "must be a transition object with \"to\""));
                continue;
            }
            if (t.to() == null) {
                problems.add(new FieldProblem(tp + ".to", "is required: the id of the next step"));
            } else {
                checkTarget(problems, tp + ".to", t.to(), ids);
            }
            if (t.button() != null && t.match() != null) {
                problems.add(new FieldProblem(tp, "give either button or match, not both"));
            }
            if (t.button() != null && !answers.contains(t.button())) {
                problems.add(new FieldProblem(tp + ".button", "no button of this step answers '" + t.button() + "'"));
            }
            if (t.match() != null) {
                checkMatch(problems, tp + ".match", t.match());
            }
            if (t.isFallback()) {
                if (fallback) {
                    problems.add(new FieldProblem(tp, "a step has at most one fallback transition (one without "
                            + "button or match)"));
                }
                fallback = true;
            }
        }
    }

    private static void checkMatch(List<FieldProblem> problems, String path, String match) {
        if (match.isEmpty() || match.length() > MAX_MATCH) {
            problems.add(new FieldProblem(path, "must be 1 to " + MAX_MATCH + " characters"));
            return;
        }
        try {
            Pattern.compile(match);
        } catch (PatternSyntaxException e) {
            problems.add(new FieldProblem(path, "is not a valid regular expression: " + e.getDescription()));
        }
    }

    private static void checkResult(List<FieldProblem> problems, String path, Map<String, Object> result) {
        if (result == null) {
            return;
        }
        if (result.size() > MAX_RESULT_ENTRIES) {
            problems.add(new FieldProblem(path, "at most " + MAX_RESULT_ENTRIES + " entries"));
        }
        result.forEach((key, value) -> {
            if (!VARIABLE.matcher(key).matches() || key.equals(INITIAL_VARIABLES)) {
                problems.add(new FieldProblem(path + "." + key, "result names are letters, digits and '_', other than "
                        + INITIAL_VARIABLES));
            } else if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(new FieldProblem(path + "." + key, "must be a string, number or boolean"));
            } else if (value.toString().length() > MAX_VALUE) {
                problems.add(new FieldProblem(path + "." + key, "must be at most " + MAX_VALUE + " characters"));
            }
        });
    }

    private static void checkTarget(List<FieldProblem> problems, String path, String target, Set<String> ids) {
        if (!ids.contains(target)) {
            problems.add(new FieldProblem(path, "no step has the id '" + target + "'"));
        }
    }

    private static void notUsed(List<FieldProblem> problems, String path, Object value, StepType type, StepType owner) {
        if (value != null && type != owner) {
            String field = path.substring(path.lastIndexOf('.') + 1);
            problems.add(new FieldProblem(path, article(type) + " step has no " + field + "; only "
                    + article(owner) + " step has"));
        }
    }

    private static String article(StepType type) {
        return (type == StepType.END || type == StepType.OPERATOR ? "an " : "a ") + type.key();
    }

    private static void checkGraph(List<FieldProblem> problems, String path, Scenario scenario,
                                   Map<String, Integer> indexById) {
        Map<String, Set<String>> edges = new HashMap<>();
        for (Scenario.Step step : scenario.steps()) {
            if (step != null && step.id() != null && indexById.get(step.id()) == scenario.steps().indexOf(step)) {
                edges.put(step.id(), targets(step, indexById));
            }
        }
        Set<String> reachable = reach(scenario.start(), edges);
        Set<String> finishing = canFinish(scenario, edges);
        for (Map.Entry<String, Set<String>> entry : edges.entrySet()) {
            String id = entry.getKey();
            int i = indexById.get(id);
            if (!reachable.contains(id)) {
                problems.add(new FieldProblem(stepPath(path, i), "step '" + id + "' cannot be reached from the start "
                        + "step '" + scenario.start() + "'"));
            } else if (!finishing.contains(id)) {
                problems.add(new FieldProblem(stepPath(path, i), "no path from step '" + id + "' leads to an end or "
                        + "operator step, so the dialogue could never finish"));
            }
        }
        silentLoops(problems, path, scenario, indexById);
    }

    private static Set<String> targets(Scenario.Step step, Map<String, Integer> indexById) {
        Set<String> targets = new LinkedHashSet<>();
        if (step.next() != null) {
            targets.add(step.next());
        }
        if (step.transitions() != null) {
            step.transitions().stream().filter(t -> t != null && t.to() != null).forEach(t -> targets.add(t.to()));
        }
        targets.retainAll(indexById.keySet());
        return targets;
    }

    private static Set<String> reach(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(edges.getOrDefault(id, Set.of()));
            }
        }
        return seen;
    }

    /** The steps from which some path leads to an end or operator step. */
    private static Set<String> canFinish(Scenario scenario, Map<String, Set<String>> edges) {
        Set<String> finishing = new HashSet<>();
        for (Scenario.Step step : scenario.steps()) {
            if (step != null && step.id() != null
                    && (StepType.END.key().equals(step.type()) || StepType.OPERATOR.key().equals(step.type()))) {
                finishing.add(step.id());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, Set<String>> entry : edges.entrySet()) {
                if (!finishing.contains(entry.getKey()) && entry.getValue().stream().anyMatch(finishing::contains)) {
                    finishing.add(entry.getKey());
                    grew = true;
                }
            }
        }
        return finishing;
    }

    /** A chain of message steps that comes back on itself would talk forever without waiting for the client. */
    private static void silentLoops(List<FieldProblem> problems, String path, Scenario scenario,
                                    Map<String, Integer> indexById) {
        Set<String> reported = new HashSet<>();
        for (Scenario.Step first : scenario.steps()) {
            if (first == null || !StepType.MESSAGE.key().equals(first.type())) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            Scenario.Step step = first;
            while (step != null && StepType.MESSAGE.key().equals(step.type()) && !chain.contains(step.id())) {
                chain.add(step.id());
                step = step.next() == null ? null : scenario.step(step.next()).orElse(null);
            }
            if (step != null && chain.contains(step.id()) && reported.add(step.id())) {
                String last = chain.getLast();
                problems.add(new FieldProblem(stepPath(path, indexById.get(last)) + ".next", "loops back to step '"
                        + step.id() + "' through message steps only, so the bot would never wait for an answer"));
                reported.addAll(chain);
            }
        }
    }

    private static String stepPath(String path, int index) {
        return path + ".steps[" + index + "]";
    }
}

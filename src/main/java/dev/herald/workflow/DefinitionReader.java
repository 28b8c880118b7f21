package dev.herald.workflow;

import dev.herald.channel.Channel;
import dev.herald.template.InlineContents;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a workflow definition from its JSON and checks it whole: every problem is reported at once, each named by
 * its field path ({@code steps.mail1.next}), as one 400. A definition that passes has a known type for every step,
 * no dangling or missing next pointer, no step the start cannot reach, no loop without a delay or wait, and
 * durations within bounds.
 */
final class DefinitionReader {

    static final int MAX_STEPS = 100;
    private static final int MAX_RULES = 20;
    private static final int MAX_NAME = 200;
    private static final int MAX_KEY = 100;
    private static final Duration MAX_DURATION = Duration.ofDays(366);
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "contains", "exists");
    private static final Set<String> OUTCOMES = Set.of("sent", "delivered", "read", "clicked", "failed", "notOpened");
    private static final Set<String> TOP = Set.of("name", "trigger", "reentry", "reentryPeriod", "stopEvents", "start",
            "steps");

    private final List<FieldProblem> problems = new ArrayList<>();
    private final LongPredicate staticGroupExists;

    private DefinitionReader(LongPredicate staticGroupExists) {
        this.staticGroupExists = staticGroupExists;
    }

    /**
     * @param groupExists whether the account has a group with this id (triggers, conditions, contact updates)
     * @throws InvalidRequestException listing every problem
     */
    static Definition read(JsonNode root, LongPredicate groupExists) {
        DefinitionReader reader = new DefinitionReader(groupExists);
        Definition definition = reader.definition(root);
        if (!reader.problems.isEmpty()) {
            throw new InvalidRequestException(reader.problems);
        }
        return definition;
    }

    private Definition definition(JsonNode root) {
        if (root == null || !root.isObject()) {
            problem("", "must be a JSON object");
            return null;
        }
        root.propertyNames().forEach(name -> {
            if (!TOP.contains(name)) {
                problem(name, "is not a field of a workflow");
            }
        });
        String name = text(root, "name", "name", MAX_NAME, true);
        Definition.Trigger trigger = trigger(root.get("trigger"));
        Definition.Reentry reentry = switch (root.path("reentry").asString("once")) {
            case "once" -> Definition.Reentry.ONCE;
            case "oncePerPeriod" -> Definition.Reentry.ONCE_PER_PERIOD;
            case "always" -> Definition.Reentry.ALWAYS;
            default -> {
                problem("reentry", "must be once, oncePerPeriod or always");
                yield Definition.Reentry.ONCE;
            }
        };
        Duration period = duration(root, "reentryPeriod", "reentryPeriod", reentry == Definition.Reentry.ONCE_PER_PERIOD);
        if (period != null && reentry != Definition.Reentry.ONCE_PER_PERIOD) {
            problem("reentryPeriod", "only a workflow with reentry oncePerPeriod has a period");
        }
        List<String> stopEvents = new ArrayList<>();
        JsonNode stops = root.get("stopEvents");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray() || stops.size() > MAX_RULES) {
                problem("stopEvents", "must be a list of at most " + MAX_RULES + " event types");
            } else {
                for (int i = 0; i < stops.size(); i++) {
                    String key = eventKey(stops.get(i), "stopEvents[" + i + "]");
                    if (key != null) {
                        stopEvents.add(key);
                    }
                }
            }
        }
        String start = text(root, "start", "start", 64, true);
        Map<String, Definition.Step> steps = steps(root.get("steps"));
        if (start != null && steps != null && !steps.containsKey(start)) {
            problem("start", "names no step");
        }
        if (problems.isEmpty()) {
            graph(start, steps);
        }
        return new Definition(name, trigger, reentry, period, List.copyOf(stopEvents), start, steps);
    }

    private Definition.Trigger trigger(JsonNode node) {
        if (node == null || !node.isObject()) {
            problem("trigger", "is required: an object with a type");
            return null;
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "event" -> {
                String key = eventKey(node.get("eventTypeKey"), "trigger.eventTypeKey");
                yield new Definition.EventTrigger(key, rules(node.get("conditions"), "trigger.conditions", Set.of("param")));
            }
            case "group" -> new Definition.GroupTrigger(group(node.get("groupId"), "trigger.groupId"));
            case "date" -> new Definition.DateTrigger(text(node, "field", "trigger.field", MAX_KEY, true),
                    time(node, "at", "trigger.at", LocalTime.of(9, 0)));
            case "schedule" -> {
                long group = group(node.get("groupId"), "trigger.groupId");
                String every = node.path("every").asString("day");
                DayOfWeek day = null;
                if (every.equals("week")) {
                    try {
                        day = DayOfWeek.valueOf(node.path("dayOfWeek").asString("").toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        problem("trigger.dayOfWeek", "must be a day of the week (MONDAY ... SUNDAY) for a weekly schedule");
                    }
                } else if (!every.equals("day")) {
                    problem("trigger.every", "must be day or week");
                }
                yield new Definition.ScheduleTrigger(group, every, day, time(node, "at", "trigger.at", LocalTime.of(9, 0)));
            }
            default -> {
                problem("trigger.type", "must be event, group, date or schedule");
                yield null;
            }
        };
    }

    private Map<String, Definition.Step> steps(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            problem("steps", "is required: an object of named steps");
            return null;
        }
        if (node.size() > MAX_STEPS) {
            problem("steps", "at most " + MAX_STEPS + " steps");
            return null;
        }
        Map<String, Definition.Step> steps = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = "steps." + entry.getKey();
            if (!STEP_NAME.matcher(entry.getKey()).matches()) {
                problem(path, "a step name is 1 to 64 letters, digits, _ or -");
                continue;
            }
            Definition.Step step = step(entry.getValue(), path);
            if (step != null) {
                steps.put(entry.getKey(), step);
            }
        }
        for (Map.Entry<String, Definition.Step> entry : steps.entrySet()) {
            entry.getValue().next().forEach((field, target) -> {
                String path = "steps." + entry.getKey() + "." + field;
                if (target == null) {
                    problem(path, "is required: the name of the step that follows");
                } else if (!node.has(target)) {
                    problem(path, "names no step ('" + target + "')");
                }
            });
        }
        return steps;
    }

    private Definition.Step step(JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path, "must be an object with a type");
            return null;
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "send" -> send(node, path);
            case "delay" -> delay(node, path);
            case "condition" -> {
                String match = node.path("match").asString("all");
                if (!match.equals("all") && !match.equals("any")) {
                    problem(path + ".match", "must be all or any");
                }
                List<Definition.Rule> rules = rules(node.get("if"), path + ".if",
                        Set.of("param", "field", "inGroup", "notInGroup", "send", "webhook"));
                if (rules.isEmpty() && problems.stream().noneMatch(p -> p.field().startsWith(path + ".if"))) {
                    problem(path + ".if", "is required: at least one rule");
                }
                yield new Definition.Condition(rules, match.equals("any"), next(node, "then"), next(node, "else"));
            }
            case "waitForEvent" -> new Definition.WaitForEvent(eventKey(node.get("eventTypeKey"), path + ".eventTypeKey"),
                    duration(node, "timeout", path + ".timeout", true), next(node, "onEvent"), next(node, "onTimeout"));
            case "digest" -> {
                Integer max = null;
                if (node.has("maxEvents")) {
                    JsonNode m = node.get("maxEvents");
                    if (!m.isIntegralNumber() || m.asLong() < 1 || m.asLong() > 100) {
                        problem(path + ".maxEvents", "must be a whole number from 1 to 100");
                    } else {
                        max = m.asInt();
                    }
                }
                yield new Definition.Digest(eventKey(node.get("eventTypeKey"), path + ".eventTypeKey"),
                        duration(node, "window", path + ".window", true), max, next(node, "next"));
            }
            case "split" -> split(node, path);
            case "webhook" -> webhook(node, path);
            case "updateContact" -> updateContact(node, path);
            case "stop" -> new Definition.Stop();
            default -> {
                problem(path + ".type", "must be send, delay, condition, waitForEvent, digest, split, webhook, "
                        + "updateContact or stop");
                yield null;
            }
        };
    }

    private Definition.Step send(JsonNode node, String path) {
        String template = text(node, "templateId", path + ".templateId", MAX_KEY, false);
        JsonNode channels = node.get("channels");
        if (template == null && (channels == null || !channels.isObject() || channels.isEmpty())) {
            problem(path + ".channels", "a send needs a templateId or channels (in cascade order)");
        } else if (channels != null && !channels.isNull()) {
            if (!channels.isObject()) {
                problem(path + ".channels", "must be an object of channels");
            } else {
                for (String channel : channels.propertyNames()) {
                    if (Channel.parse(channel).isEmpty()) {
                        problem(path + ".channels." + channel, "is not a channel; one of " + Channel.keys());
                    } else if (!channels.get(channel).isObject()) {
                        problem(path + ".channels." + channel, "must be an object of the channel's options");
                    } else if (template == null) {
                        // Inline texts are filled in with the run's variables as a template's are: they must compile.
                        InlineContents.problem(plain(channels.get(channel))).ifPresent(problem ->
                                problem(path + ".channels." + channel + "." + problem.substring(0, problem.indexOf(':')),
                                        problem.substring(problem.indexOf(':') + 2)));
                    }
                }
            }
        }
        Boolean shortLinks = node.has("useShortLinks") ? node.get("useShortLinks").asBoolean() : null;
        return new Definition.Send(template, channels == null || channels.isNull() ? null : channels,
                text(node, "category", path + ".category", MAX_KEY, false), shortLinks, next(node, "next"));
    }

    /** A channel's options as plain maps, lists and strings, as the template engine reads contents. */
    private static Map<String, Object> plain(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : object.propertyNames()) {
            map.put(name, plainValue(object.get(name)));
        }
        return map;
    }

    private static Object plainValue(JsonNode node) {
        if (node.isObject()) {
            return plain(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plainValue(item)));
            return list;
        }
        return node.isString() ? node.asString() : node.toString();
    }

    private Definition.Step delay(JsonNode node, String path) {
        int given = (node.has("duration") ? 1 : 0) + (node.has("at") ? 1 : 0) + (node.has("untilParam") ? 1 : 0);
        if (given != 1) {
            problem(path, "a delay has exactly one of duration, at (a time of day) or untilParam (a date in the event)");
        }
        return new Definition.Delay(duration(node, "duration", path + ".duration", false),
                node.has("at") ? time(node, "at", path + ".at", null) : null,
                text(node, "untilParam", path + ".untilParam", MAX_KEY, false), next(node, "next"));
    }

    private Definition.Step split(JsonNode node, String path) {
        JsonNode branches = node.get("branches");
        List<Definition.Branch> list = new ArrayList<>();
        if (branches == null || !branches.isArray() || branches.size() < 2 || branches.size() > 10) {
            problem(path + ".branches", "must list 2 to 10 branches");
            return new Definition.Split(list);
        }
        int total = 0;
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = branches.get(i);
            String at = path + ".branches[" + i + "]";
            JsonNode percent = b.get("percent");
            int p = 0;
            if (percent == null || !percent.isIntegralNumber() || percent.asLong() < 0 || percent.asLong() > 100) {
                problem(at + ".percent", "must be a whole number from 0 to 100");
            } else {
                p = percent.asInt();
            }
            total += p;
            String name = b.path("name").asString(String.valueOf((char) ('A' + i)));
            list.add(new Definition.Branch(name, p, b.has("next") ? b.get("next").asString() : null));
        }
        if (total != 100) {
            problem(path + ".branches", "the percentages must add up to 100 (they add up to " + total + ")");
        }
        return new Definition.Split(list);
    }

    private Definition.Step webhook(JsonNode node, String path) {
        String url = text(node, "url", path + ".url", 2000, true);
        URI uri = null;
        if (url != null) {
            try {
                uri = URI.create(url);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    problem(path + ".url", "must be an absolute http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problem(path + ".url", "must be an absolute http(s) URL");
            }
        }
        Duration timeout = node.has("timeout") ? duration(node, "timeout", path + ".timeout", true) : Duration.ofSeconds(10);
        if (timeout != null && timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            problem(path + ".timeout", "must be at most PT30S");
        }
        return new Definition.Webhook(uri, timeout, next(node, "next"));
    }

    private Definition.Step updateContact(JsonNode node, String path) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode set = node.get("fields");
        if (set != null) {
            if (!set.isObject() || set.size() > 50) {
                problem(path + ".fields", "must be an object of at most 50 field names and values");
            } else {
                for (Map.Entry<String, JsonNode> e : set.properties()) {
                    if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asString().length() > 1000) {
                        problem(path + ".fields." + e.getKey(), "must be a text, number or boolean of at most 1000 characters");
                    } else {
                        fields.put(e.getKey(), e.getValue().asString());
                    }
                }
            }
        }
        List<Long> add = groups(node.get("addToGroups"), path + ".addToGroups");
        List<Long> remove = groups(node.get("removeFromGroups"), path + ".removeFromGroups");
        if (fields.isEmpty() && add.isEmpty() && remove.isEmpty()) {
            problem(path, "an updateContact step sets fields or changes groups");
        }
        return new Definition.UpdateContact(fields, add, remove, next(node, "next"));
    }

    private List<Long> groups(JsonNode node, String path) {
        List<Long> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray() || node.size() > 20) {
            problem(path, "must be a list of at most 20 group ids");
            return ids;
        }
        for (int i = 0; i < node.size(); i++) {
            long id = group(node.get(i), path + "[" + i + "]");
            if (id > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    private List<Definition.Rule> rules(JsonNode node, String path, Set<String> sources) {
        List<Definition.Rule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray() || node.size() > MAX_RULES) {
            problem(path, "must be a list of at most " + MAX_RULES + " rules");
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            Definition.Rule rule = rule(node.get(i), path + "[" + i + "]", sources);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private Definition.Rule rule(JsonNode node, String path, Set<String> sources) {
        String source = sources.stream().filter(node::has).findFirst().orElse(null);
        if (!node.isObject() || source == null) {
            problem(path, "a rule names one of " + String.join(", ", sources));
            return null;
        }
        JsonNode name = node.get(source);
        switch (source) {
            case "inGroup", "notInGroup" -> {
                return new Definition.Rule(source, String.valueOf(group(name, path + "." + source)), null, null, null, null);
            }
            case "send" -> {
                String outcome = node.path("outcome").asString("");
                if (!OUTCOMES.contains(outcome)) {
                    problem(path + ".outcome", "must be one of " + String.join(", ", new java.util.TreeSet<>(OUTCOMES)));
                }
                Integer within = null;
                if (node.has("withinHours")) {
                    if (!node.get("withinHours").isIntegralNumber() || node.get("withinHours").asLong() < 1
                            || node.get("withinHours").asLong() > 24 * 366) {
                        problem(path + ".withinHours", "must be a whole number of hours from 1 to 8784");
                    } else {
                        within = node.get("withinHours").asInt();
                    }
                } else if (outcome.equals("notOpened")) {
                    problem(path + ".withinHours", "is required for notOpened");
                }
                return new Definition.Rule(source, name.asString(), null, null, outcome, within);
            }
            default -> {
                if (!name.isString() || name.asString().isBlank() || name.asString().length() > MAX_KEY) {
                    problem(path + "." + source, "must be a name of at most " + MAX_KEY + " characters");
                }
                String op = node.path("op").asString("eq");
                if (!OPS.contains(op)) {
                    problem(path + ".op", "must be one of eq, ne, gt, gte, lt, lte, contains, exists");
                }
                JsonNode value = node.get("value");
                if (!op.equals("exists") && (value == null || !value.isValueNode() || value.isNull())) {
                    problem(path + ".value", "is required: a text, number or boolean");
                }
                if ((op.equals("gt") || op.equals("gte") || op.equals("lt") || op.equals("lte")) && value != null
                        && !value.isNumber() && !RuleValues.isNumber(value.asString())) {
                    problem(path + ".value", "must be a number for " + op);
                }
                return new Definition.Rule(source, name.asString(), op, value, null, null);
            }
        }
    }

    /** Reachability from the start, and loops: every cycle must pass a step that waits. */
    private void graph(String start, Map<String, Definition.Step> steps) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (reached.add(name)) {
                todo.addAll(steps.get(name).next().values());
            }
        }
        steps.keySet().stream().filter(name -> !reached.contains(name))
                .forEach(name -> problem("steps." + name, "cannot be reached from the start"));
        // Depth-first over the steps that do not wait: an edge back to a step on the path closes a loop that
        // would run forever at once.
        Map<String, Integer> mark = new HashMap<>();
        for (String name : steps.keySet()) {
            loops(name, steps, mark);
        }
    }

    private void loops(String name, Map<String, Definition.Step> steps, Map<String, Integer> mark) {
        Definition.Step step = steps.get(name);
        if (step.waits() || mark.getOrDefault(name, 0) == 2) {
            return;
        }
        mark.put(name, 1);
        step.next().forEach((field, target) -> {
            if (mark.getOrDefault(target, 0) == 1 && !steps.get(target).waits()) {
                problem("steps." + name + "." + field, "closes a loop with no delay or wait in it");
            } else if (mark.getOrDefault(target, 0) == 0) {
                loops(target, steps, mark);
            }
        });
        mark.put(name, 2);
    }

    private String next(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    private String eventKey(JsonNode node, String path) {
        if (node == null || !node.isString() || node.asString().isBlank() || node.asString().length() > MAX_KEY) {
            problem(path, "must be an event type key of at most " + MAX_KEY + " characters");
            return null;
        }
        return node.asString();
    }

    private long group(JsonNode node, String path) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            problem(path, "must be a group id");
            return 0;
        }
        if (!staticGroupExists.test(node.asLong())) {
            problem(path, "no group " + node.asLong() + " in this account");
            return 0;
        }
        return node.asLong();
    }

    private String text(JsonNode node, String field, String path, int max, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > max) {
            problem(path, "must be a text of 1 to " + max + " characters");
            return null;
        }
        return value.asString();
    }

    private Duration duration(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(path, "is required: an ISO-8601 duration such as PT1H or P1D");
            }
            return null;
        }
        try {
            Duration d = Duration.parse(value.asString());
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_DURATION) > 0) {
                problem(path, "must be from PT1S to P366D");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problem(path, "must be an ISO-8601 duration such as PT1H or P1D");
            return null;
        }
    }

    private LocalTime time(JsonNode node, String field, String path, LocalTime otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        try {
            return LocalTime.parse(value.asString());
        } catch (DateTimeException e) {
            problem(path, "must be a time of day, HH:mm");
            return otherwise;
        }
    }

    private void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }
}

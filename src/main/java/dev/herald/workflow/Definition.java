package dev.herald.workflow;

import java.time.Duration;
import java.time.LocalTime;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A workflow version as the engine works it: a trigger, re-entry and stop rules, and a graph of named steps with
 * explicit next pointers. Read and checked by {@link DefinitionReader}; the format is in docs/workflows.md.
 */
record Definition(String name, Trigger trigger, Reentry reentry, Duration reentryPeriod, List<String> stopEvents,
                  String start, Map<String, Step> steps) {

    Step step(String name) {
        return steps.get(name);
    }

    /** Field name to target, in order; a target may be null (missing, which the reader reports). */
    static Map<String, String> links(String... fieldsAndTargets) {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fieldsAndTargets.length; i += 2) {
            links.put(fieldsAndTargets[i], fieldsAndTargets[i + 1]);
        }
        return links;
    }

    enum Reentry { ONCE, ONCE_PER_PERIOD, ALWAYS }

    /** What starts a run. */
    sealed interface Trigger {

        String type();

        /** The workflow's trigger_key column: what the trigger is looked up by. */
        String key();
    }

    record EventTrigger(String eventTypeKey, List<Rule> conditions) implements Trigger {
        public String type() { return "event"; }
        public String key() { return eventTypeKey; }
    }

    record GroupTrigger(long groupId) implements Trigger {
        public String type() { return "group"; }
        public String key() { return String.valueOf(groupId); }
    }

    /** Fires on the day a contact's date field (e.g. a birthday) comes round, at {@code at} in the contact's zone. */
    record DateTrigger(String field, LocalTime at) implements Trigger {
        public String type() { return "date"; }
        public String key() { return field; }
    }

    /** Fires for every member of a group each day (or each week on {@code dayOfWeek}) at {@code at}, account's zone. */
    record ScheduleTrigger(long groupId, String every, java.time.DayOfWeek dayOfWeek, LocalTime at) implements Trigger {
        public String type() { return "schedule"; }
        public String key() { return String.valueOf(groupId); }
    }

    /**
     * One test a condition (or a trigger) makes. {@code source}: param (the trigger event's parameter), field (a
     * contact field), inGroup / notInGroup (group id in {@code name}), send (an earlier send step's outcome),
     * webhook (an earlier webhook step's HTTP status).
     */
    record Rule(String source, String name, String op, JsonNode value, String outcome, Integer withinHours) {}

    /** A step; {@link #next()} lists where it may go, by field name, for checks and the console. */
    sealed interface Step {

        Map<String, String> next();

        /** Whether a run may wait at this step (a loop must pass one). */
        default boolean waits() {
            return false;
        }

        default String type() {
            return switch (this) {
                case Send s -> "send";
                case Delay d -> "delay";
                case Condition c -> "condition";
                case WaitForEvent w -> "waitForEvent";
                case Digest d -> "digest";
                case Split s -> "split";
                case Webhook w -> "webhook";
                case UpdateContact u -> "updateContact";
                case Stop s -> "stop";
            };
        }
    }

    record Send(String templateId, JsonNode channels, String category, Boolean useShortLinks, String then)
            implements Step {
        public Map<String, String> next() { return links("next", then); }
    }

    /** Exactly one of: a duration, a local time of day ({@code at}, contact's zone), an event parameter's date. */
    record Delay(Duration duration, LocalTime at, String untilParam, String then) implements Step {
        public Map<String, String> next() { return links("next", then); }
        public boolean waits() { return true; }
    }

    record Condition(List<Rule> rules, boolean any, String onTrue, String onFalse) implements Step {
        public Map<String, String> next() { return links("then", onTrue, "else", onFalse); }
    }

    record WaitForEvent(String eventTypeKey, Duration timeout, String onEvent, String onTimeout) implements Step {
        public Map<String, String> next() { return links("onEvent", onEvent, "onTimeout", onTimeout); }
        public boolean waits() { return true; }
    }

    /** Collects the contact's events of a type for {@code window} or until {@code maxEvents}, for the next send. */
    record Digest(String eventTypeKey, Duration window, Integer maxEvents, String then) implements Step {
        public Map<String, String> next() { return links("next", then); }
        public boolean waits() { return true; }
    }

    record Split(List<Branch> branches) implements Step {
        public Map<String, String> next() {
            java.util.LinkedHashMap<String, String> next = new java.util.LinkedHashMap<>();
            for (int i = 0; i < branches.size(); i++) {
                next.put("branches[" + i + "].next", branches.get(i).then());
            }
            return next;
        }
    }

    record Branch(String name, int percent, String then) {}

    record Webhook(URI url, Duration timeout, String then) implements Step {
        public Map<String, String> next() { return links("next", then); }
    }

    /** Sets contact fields, joins or leaves static groups. */
    record UpdateContact(Map<String, String> fields, List<Long> addToGroups, List<Long> removeFromGroups, String then)
            implements Step {
        public Map<String, String> next() { return links("next", then); }
    }

    record Stop() implements Step {
        public Map<String, String> next() { return Map.of(); }
    }
}

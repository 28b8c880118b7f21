package dev.herald.event;

import dev.herald.web.FieldProblem;
import java.util.List;
import java.util.Map;

/** Checks events against their types' parameter rules (eSputnik's "event parameter validation"). */
final class ParamRules {

    private ParamRules() {}

    /** Adds a problem for each required parameter missing and each value not of its rule's type. */
    static void check(IncomingEvent event, EventTypes.Type type, List<FieldProblem> problems) {
        if (type == null) {
            return;
        }
        Map<String, Object> given = event.paramMap();
        for (EventTypes.Param rule : type.params().values()) {
            Object value = given.get(rule.name());
            if (rule.required() && (value == null || (value instanceof String s && s.isBlank()))) {
                problems.add(new FieldProblem(event.path() + "params", "must have parameter " + rule.name()
                        + ", required by event type " + type.key()));
            }
        }
        for (IncomingEvent.Param param : event.params()) {
            EventTypes.Param rule = type.params().get(param.name());
            if (rule != null && rule.type() != null && param.value() != null && !rule.type().accepts(param.value())) {
                problems.add(new FieldProblem(param.path(), "parameter " + param.name() + " must be "
                        + rule.type().expected() + " (rule of event type " + type.key() + ")"));
            }
        }
    }
}

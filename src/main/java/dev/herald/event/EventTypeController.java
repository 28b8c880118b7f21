package dev.herald.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Event types: their parameter names (seen in events or described), descriptions and validation rules. */
@RestController
@RequestMapping("/api/v1/event-types")
@Tag(name = "Event types", description = "Event types and their parameters' rules. API group: events.")
class EventTypeController {

    static final int MAX_PAGE = 500;
    static final int MAX_DESCRIPTION = 1000;

    /** A type as the API shows it. */
    record View(String key, String description, List<ParamView> params, Instant createdAt, Instant updatedAt) {

        static View of(EventTypes.Type type) {
            return new View(type.key(), type.description(), type.params().values().stream()
                    .map(p -> new ParamView(p.name(), p.required(), p.type() == null ? null : p.type().key(),
                            p.description())).toList(), type.createdAt(), type.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParamView(String name, boolean required, String type, String description) {}

    record Page(List<View> items, String next) {}

    private final EventTypes types;
    private final Audit audit;

    EventTypeController(EventTypes types, Audit audit) {
        this.types = types;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Event types", description = "By key; pass the answer's next as after for the following page.")
    Page list(AccountId account, @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            throw new InvalidRequestException("limit", "must be 1 to " + MAX_PAGE);
        }
        int size = limit == null ? 100 : limit;
        List<EventTypes.Type> found = types.list(account.value(), after, size + 1);
        List<View> items = found.stream().limit(size).map(View::of).toList();
        return new Page(items, found.size() > size ? items.getLast().key() : null);
    }

    @GetMapping("/{key}")
    @Operation(summary = "One event type")
    @ApiResponse(responseCode = "404", description = "The account has no such type")
    View get(AccountId account, @PathVariable String key) {
        return types.find(account.value(), key).map(View::of).orElseThrow(() -> new NotFoundException("No event type " + key));
    }

    @PutMapping("/{key}")
    @Operation(summary = "Describe an event type", description = "{\"description\", \"params\": [{\"name\", "
            + "\"required\", \"type\": string|number|date|boolean|list, \"description\"}]}: the parameters given get "
            + "exactly these rules, the others none. Made if the account has no such type yet.")
    @ApiResponse(responseCode = "200", description = "The type as stored")
    @ApiResponse(responseCode = "400", description = "A field that does not fit, named")
    View describe(AccountId account, @PathVariable String key, @RequestBody JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (key.isBlank() || key.length() > EventReader.MAX_TYPE_KEY) {
            problems.add(new FieldProblem("key", "must be 1 to " + EventReader.MAX_TYPE_KEY + " characters"));
        } else if (EventReader.forbidden(key)) {
            problems.add(new FieldProblem("key", "must not hold any of < ; ' ’ \\ / | \" ` ^ ? ! , > or control characters"));
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("body", "must be {\"description\", \"params\"}");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("description") && !field.equals("params")) {
                problems.add(new FieldProblem(field, "is not a field of an event type (description, params)"));
            }
        }
        String description = null;
        JsonNode d = body.get("description");
        if (d != null && !d.isNull()) {
            if (!d.isString() || d.asString().length() > MAX_DESCRIPTION) {
                problems.add(new FieldProblem("description", "must be a string of at most " + MAX_DESCRIPTION + " characters"));
            } else {
                description = d.asString();
            }
        }
        List<EventTypes.Param> params = params(body.get("params"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        EventTypes.Type type = types.describe(account.value(), key, description, params);
        // "type", not "key": the audit log hides details whose name says key
        audit.record(account, "event-type.update", key, Map.of("type", key,
                "rules", params.stream().filter(p -> p.required() || p.type() != null).map(EventTypes.Param::name).toList()));
        return View.of(type);
    }

    private static List<EventTypes.Param> params(JsonNode node, List<FieldProblem> problems) {
        List<EventTypes.Param> params = new ArrayList<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isArray() || node.size() > EventReader.MAX_PARAMS) {
            problems.add(new FieldProblem("params", "must be a list of at most " + EventReader.MAX_PARAMS + " parameters"));
            return params;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "params[" + i + "]";
            JsonNode p = node.get(i);
            if (!p.isObject()) {
                problems.add(new FieldProblem(at, "must be {\"name\", \"required\", \"type\", \"description\"}"));
                continue;
            }
            for (String field : p.propertyNames()) {
                if (!Set.of("name", "required", "type", "description").contains(field)) {
                    problems.add(new FieldProblem(at + "." + field, "is not a field of a parameter (name, required, type, description)"));
                }
            }
            JsonNode name = p.get("name");
            if (name == null || !name.isString() || name.asString().isBlank()
                    || name.asString().strip().length() > EventReader.MAX_PARAM_NAME) {
                problems.add(new FieldProblem(at + ".name", "must be 1 to " + EventReader.MAX_PARAM_NAME + " characters"));
                continue;
            }
            if (!names.add(name.asString().strip())) {
                problems.add(new FieldProblem(at + ".name", "names a parameter a second time"));
            }
            JsonNode required = p.get("required");
            if (required != null && !required.isNull() && !required.isBoolean()) {
                problems.add(new FieldProblem(at + ".required", "must be true or false"));
            }
            ValueType type = null;
            JsonNode t = p.get("type");
            if (t != null && !t.isNull()) {
                type = t.isString() ? ValueType.of(t.asString()) : null;
                if (type == null) {
                    problems.add(new FieldProblem(at + ".type", "must be one of string, number, date, boolean, list"));
                }
            }
            JsonNode pd = p.get("description");
            if (pd != null && !pd.isNull() && (!pd.isString() || pd.asString().length() > MAX_DESCRIPTION)) {
                problems.add(new FieldProblem(at + ".description", "must be a string of at most " + MAX_DESCRIPTION + " characters"));
            }
            params.add(new EventTypes.Param(name.asString().strip(), required != null && required.asBoolean(false), type,
                    pd == null || pd.isNull() ? null : pd.asString()));
        }
        return params;
    }
}

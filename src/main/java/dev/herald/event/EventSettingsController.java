package dev.herald.event;

import dev.herald.auth.AccountId;
import dev.herald.contact.ContactKeys.Kind;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The account's rule for the contact an event's keyValue names. */
@RestController
@RequestMapping("/api/v1/event-settings")
@Tag(name = "Event types", description = "The account's event settings. API group: full.")
class EventSettingsController {

    /** The rule as the API shows it: locator kinds by their JSON names. */
    record View(List<String> locators, boolean createContacts) {

        static View of(EventSettings.Rule rule) {
            return new View(rule.locators().stream().map(Kind::field).toList(), rule.createContacts());
        }
    }

    private final EventSettings settings;

    EventSettingsController(EventSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    @Operation(summary = "Event settings", description = "Which identifiers a keyValue is tried as, in order (email, "
            + "phone, externalCustomerId, contactId), and whether a keyValue that finds no contact makes one.")
    View get(AccountId account) {
        return View.of(settings.load(account.value()));
    }

    @PutMapping
    @Operation(summary = "Change the event settings", description = "{\"locators\": [...], \"createContacts\": bool}")
    View put(AccountId account, @RequestBody JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!body.isObject()) {
            throw new InvalidRequestException("body", "must be {\"locators\", \"createContacts\"}");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("locators") && !field.equals("createContacts")) {
                problems.add(new FieldProblem(field, "is not an event setting (locators, createContacts)"));
            }
        }
        EventSettings.Rule current = settings.load(account.value());
        List<Kind> locators = current.locators();
        JsonNode given = body.get("locators");
        if (given != null) {
            locators = new ArrayList<>();
            if (!given.isArray() || given.isEmpty()) {
                problems.add(new FieldProblem("locators", "must be a non-empty list of email, phone, externalCustomerId, contactId"));
            } else {
                for (int i = 0; i < given.size(); i++) {
                    String name = given.get(i).isString() ? given.get(i).asString() : null;
                    Kind kind = Arrays.stream(Kind.values()).filter(k -> k.field().equals(name)).findFirst().orElse(null);
                    if (kind == null) {
                        problems.add(new FieldProblem("locators[" + i + "]", "must be one of email, phone, externalCustomerId, contactId"));
                    } else if (locators.contains(kind)) {
                        problems.add(new FieldProblem("locators[" + i + "]", "names " + name + " a second time"));
                    } else {
                        locators.add(kind);
                    }
                }
            }
        }
        boolean create = current.createContacts();
        JsonNode c = body.get("createContacts");
        if (c != null) {
            if (!c.isBoolean()) {
                problems.add(new FieldProblem("createContacts", "must be true or false"));
            } else {
                create = c.booleanValue();
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        EventSettings.Rule rule = new EventSettings.Rule(List.copyOf(locators), create);
        settings.save(account, rule);
        return View.of(rule);
    }
}

package dev.herald.contact;

import dev.herald.auth.AccountId;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's custom contact fields: defined here, set on contacts by id or name (see docs/contacts.md). */
@RestController
@RequestMapping("/api/v1/contactfields")
@Tag(name = "Contact fields", description = "Custom contact fields (text, number, date, boolean, list). API groups: "
        + "contacts-read (GET), contacts-update (the rest).")
class ContactFieldController {

    private final ContactFields fields;

    ContactFieldController(ContactFields fields) {
        this.fields = fields;
    }

    record FieldRequest(String name, String type, List<String> options) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define a custom field", description = "{\"name\", \"type\": text|number|date|boolean|list, "
            + "\"options\": [...] (list only)}. Names are unique in the account.")
    @ApiResponse(responseCode = "201", description = "The field, with its id")
    @ApiResponse(responseCode = "400", description = "A bad name, type or options")
    @ApiResponse(responseCode = "409", description = "The account has a field of that name")
    ContactFields.Field create(AccountId account, @RequestBody FieldRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > ContactFields.MAX_NAME) {
            problems.add(new FieldProblem("name", "must be at most " + ContactFields.MAX_NAME + " characters"));
        } else if (name.chars().allMatch(Character::isDigit)) {
            problems.add(new FieldProblem("name", "must not be a number alone (fields are set by id or by name)"));
        }
        ContactFields.Type type = request.type() == null ? null
                : ContactFields.Type.of(request.type().strip().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        if (type == null) {
            problems.add(new FieldProblem("type", "must be one of text, number, date, boolean, list"));
        }
        List<String> options = null;
        if (type == ContactFields.Type.LIST) {
            options = options(request.options(), problems);
        } else if (request.options() != null) {
            problems.add(new FieldProblem("options", "only a field of type list has options"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (fields.count(account.value()) >= ContactFields.MAX_FIELDS) {
            throw new InvalidRequestException("name", "an account has at most " + ContactFields.MAX_FIELDS
                    + " custom fields; delete one first");
        }
        String sameName = name;
        if (fields.list(account.value()).stream().anyMatch(f -> f.name().equalsIgnoreCase(sameName))) {
            throw new ConflictException("The account has a field named '" + name + "' already (fields are set by name "
                    + "regardless of case)");
        }
        try {
            return fields.insert(account.value(), name, type, options);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("The account has a field named '" + name + "' already");
        }
    }

    private static List<String> options(List<String> given, List<FieldProblem> problems) {
        if (given == null || given.isEmpty()) {
            problems.add(new FieldProblem("options", "a list field needs at least one option"));
            return null;
        }
        if (given.size() > ContactFields.MAX_OPTIONS) {
            problems.add(new FieldProblem("options", "at most " + ContactFields.MAX_OPTIONS + " options"));
            return null;
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String option = given.get(i) == null ? "" : given.get(i).strip();
            if (option.isEmpty() || option.length() > ContactFields.MAX_OPTION) {
                problems.add(new FieldProblem("options[" + i + "]", "must be 1 to " + ContactFields.MAX_OPTION
                        + " characters"));
            } else {
                options.add(option);
            }
        }
        if (new HashSet<>(options).size() < options.size()) {
            problems.add(new FieldProblem("options", "must not repeat an option"));
        }
        return options;
    }

    @GetMapping
    @Operation(summary = "The account's custom fields")
    Listing<ContactFields.Field> list(AccountId account) {
        List<ContactFields.Field> all = fields.list(account.value());
        return new Listing<>(all.size(), all);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One custom field")
    @ApiResponse(responseCode = "404", description = "No such field in this account")
    ContactFields.Field get(AccountId account, @PathVariable long id) {
        return fields.find(account.value(), id).orElseThrow(() -> new NotFoundException("No contact field " + id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a custom field", description = "With every contact's value of it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such field in this account")
    void delete(AccountId account, @PathVariable long id) {
        if (!fields.delete(account.value(), id)) {
            throw new NotFoundException("No contact field " + id);
        }
    }
}

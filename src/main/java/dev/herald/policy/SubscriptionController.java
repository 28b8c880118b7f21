package dev.herald.policy;

import dev.herald.auth.AccountId;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's subscription categories: eSputnik's {@code GET subscriptions}, and Herald's way to manage them. */
@RestController
@RequestMapping("/api/v1/subscriptions")
@Tag(name = "Subscriptions", description = "Subscription categories (docs/contacts.md#subscriptions). API groups: "
        + "general (GET), full (creating and deleting).")
class SubscriptionController {

    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 2000;

    private final SubscriptionCategories categories;

    SubscriptionController(SubscriptionCategories categories) {
        this.categories = categories;
    }

    record NewCategory(String key, String name, String description) {}

    @GetMapping
    @Operation(summary = "The account's subscription categories (eSputnik's GET subscriptions): their keys")
    List<String> list(AccountId account) {
        return categories.keys(account.value());
    }

    @GetMapping("/categories")
    @Operation(summary = "The account's subscription categories with their names and descriptions")
    List<SubscriptionCategories.Category> details(AccountId account) {
        return categories.list(account.value());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a subscription category")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "A field is invalid; the problem names it")
    @ApiResponse(responseCode = "409", description = "The key is taken, or the account has 200 categories")
    SubscriptionCategories.Category create(AccountId account, @RequestBody NewCategory request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object {key, name, description} is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (!SubscriptionCategories.isKey(request.key())) {
            problems.add(new FieldProblem("key", SubscriptionCategories.KEY_RULE));
        }
        if (request.name() != null && (request.name().isBlank() || request.name().length() > MAX_NAME)) {
            problems.add(new FieldProblem("name", "must be 1 to " + MAX_NAME + " characters"));
        }
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String name = request.name() == null ? request.key() : request.name().strip();
        return categories.create(account.value(), request.key(), name, request.description())
                .orElseThrow(() -> new ConflictException("A subscription category '" + request.key()
                        + "' exists already, or the account has " + SubscriptionCategories.MAX_PER_ACCOUNT + " categories"));
    }

    @DeleteMapping("/{key}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a subscription category",
            description = "Its frequency cap goes too; the contacts' opt-outs of it stay, should it be made again.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such category")
    void delete(AccountId account, @PathVariable String key) {
        if (!SubscriptionCategories.isKey(key) || !categories.delete(account.value(), key)) {
            throw new NotFoundException("No subscription category '" + key + "'");
        }
    }
}

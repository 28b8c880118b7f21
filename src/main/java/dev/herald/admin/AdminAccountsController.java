package dev.herald.admin;

import dev.herald.auth.AccountId;
import dev.herald.routing.Balances;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The platform administrator's accounts: HTTP Basic with the administrator's e-mail and password. */
@RestController
@RequestMapping("/api/v1/admin/accounts")
@Tag(name = "Platform administration", description = "Create, suspend, resume and delete accounts. HTTP Basic "
        + "as a platform administrator (herald.admin.email); account tokens get 401.")
class AdminAccountsController {

    private final AccountLifecycle lifecycle;
    private final Balances balances;

    AdminAccountsController(AccountLifecycle lifecycle, Balances balances) {
        this.lifecycle = lifecycle;
        this.balances = balances;
    }

    record CreditRequest(BigDecimal credit, BigDecimal hardLimit, BigDecimal overdraft) {}

    record CreateAccountRequest(String name, String timeZone, String ownerEmail) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account", description = "ownerEmail, when given, is invited as the owner (the "
            + "link goes through the new account's e-mail route: the sandbox until it has one). 400 names a bad "
            + "name, timeZone or ownerEmail.")
    AccountLifecycle.Created create(@RequestBody CreateAccountRequest request) {
        return lifecycle.create(request.name(), request.timeZone(), request.ownerEmail());
    }

    @GetMapping
    @Operation(summary = "List accounts", description = "Oldest first, at most 1000; deleted accounts are not listed.")
    List<AccountView> list() {
        return lifecycle.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an account", description = "404 when unknown or deleted.")
    AccountView get(@PathVariable UUID id) {
        return lifecycle.get(new AccountId(id));
    }

    @PostMapping("/{id}/suspend")
    @Operation(summary = "Suspend an account", description = "Its API tokens, partner tokens and console sessions "
            + "fail from the next request on; its queued messages wait. 409 when suspended already.")
    AccountView suspend(@PathVariable UUID id) {
        return lifecycle.suspend(new AccountId(id));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a suspended account", description = "409 when active already.")
    AccountView resume(@PathVariable UUID id) {
        return lifecycle.resume(new AccountId(id));
    }

    @PutMapping("/{id}/credit")
    @Operation(summary = "Set an account's credit, hard limit and overdraft", description = "The balance is the "
            + "credit minus the cost of the account's messages. With a hardLimit (null: none), bulk-lane messages wait "
            + "while the balance is at or below it; transactional ones go on until it is at or below hardLimit minus "
            + "overdraft (default 0). 400 names credit, hardLimit or overdraft; 404 when unknown.", responses = {
            @ApiResponse(responseCode = "200", description = "The balance now"),
            @ApiResponse(responseCode = "400", description = "credit, hardLimit or overdraft out of range"),
            @ApiResponse(responseCode = "404", description = "No such account")})
    Balances.Balance credit(@PathVariable UUID id, @RequestBody CreditRequest request) {
        lifecycle.get(new AccountId(id));
        return balances.set(id, request.credit(), request.hardLimit(), request.overdraft());
    }

    @GetMapping("/{id}/credit")
    @Operation(summary = "An account's credit, spending, balance, hard limit and overdraft")
    Balances.Balance balance(@PathVariable UUID id) {
        lifecycle.get(new AccountId(id));
        return balances.of(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Delete an account", description = "Stops it at once like a suspension; its messages are "
            + "cancelled and all its data erased in the background (202). 404 when unknown.")
    void delete(@PathVariable UUID id) {
        lifecycle.delete(new AccountId(id));
    }
}

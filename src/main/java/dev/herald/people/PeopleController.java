package dev.herald.people;

import dev.herald.auth.AccountId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The people of the calling account: list, invite, change a role, remove. */
@RestController
@RequestMapping("/api/v1/people")
@Tag(name = "People", description = "People who sign in to the account's console, and their roles. API group: full.")
class PeopleController {

    private final People people;

    PeopleController(People people) {
        this.people = people;
    }

    record InviteRequest(String email, String role) {}

    record RoleRequest(String role) {}

    @GetMapping
    @Operation(summary = "List people")
    List<People.Person> list(AccountId account) {
        return people.list(account);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invite a person", description = "E-mails a link (valid herald.people.invitation-valid-for) "
            + "through the account's e-mail route, the sandbox when it has none. 400 names a bad email or role; "
            + "409 when the address already belongs to a person.")
    People.Person invite(AccountId account, @RequestBody InviteRequest request) {
        return people.invite(account, request.email(), request.role(), People.Caller.ACCOUNT);
    }

    @PostMapping("/{id}/invitation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Send the invitation again", description = "The earlier link stops working. 404 when no "
            + "such person; 409 when they have accepted already.")
    void reinvite(AccountId account, @PathVariable UUID id) {
        people.resendInvitation(account, id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a person's role", description = "Takes effect on their next request. 409 when it "
            + "would leave the account without an owner.")
    People.Person changeRole(AccountId account, @PathVariable UUID id, @RequestBody RoleRequest request) {
        return people.changeRole(account, id, request.role(), People.Caller.ACCOUNT);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a person", description = "Their console session ends at once. 404 when no such "
            + "person; 409 for the last owner.")
    void remove(AccountId account, @PathVariable UUID id) {
        people.remove(account, id, People.Caller.ACCOUNT);
    }
}

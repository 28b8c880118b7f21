package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.auth.AccountId;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import dev.herald.web.PayloadTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's contacts: the people it messages by the identifiers it already knows them by. */
@RestController
@RequestMapping("/api/v1/contacts")
@Tag(name = "Contacts", description = "Contacts and their identifiers (see docs/contacts.md). API groups: "
        + "contacts-read (GET), contacts-update (the rest).")
class ContactController {

    private final Contacts contacts;
    private final ContactTokens tokens;
    private final ContactEdits edits;

    ContactController(Contacts contacts, ContactTokens tokens, ContactEdits edits) {
        this.contacts = contacts;
        this.tokens = tokens;
        this.edits = edits;
    }

    record TokenView(@JsonProperty("app_uuid") UUID appUuid, String token, String source, Instant createdAt) {}

    /** A contact with its live tokens in every app. */
    record ContactView(long contactId, String externalCustomerId, String phone, String email, String firstName,
                       String lastName, List<TokenView> tokens, Instant createdAt, Instant updatedAt) {}

    record UpsertRequest(List<ContactEdits.ContactInput> contacts) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a contact",
            description = "contactId is assigned. phone is normalised to E.164 digits, email to lower case; each "
                    + "identifier is unique in the account (409 naming the contact that holds it).")
    ContactView create(AccountId account, @RequestBody ContactEdits.ContactInput request) {
        return view(account.value(), edits.create(account.value(), request));
    }

    @GetMapping
    @Operation(summary = "Find contacts", description = "By any identifiers (all given must match); none: every "
            + "contact, oldest first.")
    Listing<ContactView> search(AccountId account,
                                @RequestParam(required = false) Long contactId,
                                @RequestParam(required = false) String externalCustomerId,
                                @RequestParam(required = false) String phone,
                                @RequestParam(required = false) String email,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer limit) {
        List<FieldProblem> problems = new ArrayList<>();
        ContactIdentifiers filter = ContactIdentifiers.parse(contactId, externalCustomerId, phone, email, "", problems);
        Paging paging = Paging.of(page, limit);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<Contact> found = contacts.search(account.value(), filter, paging);
        return new Listing<>(contacts.count(account.value(), filter), views(account.value(), found));
    }

    @GetMapping("/{contactId}")
    @Operation(summary = "One contact, with its tokens")
    ContactView get(AccountId account, @PathVariable long contactId) {
        return view(account.value(), contacts.find(account.value(), contactId).orElseThrow(() -> notFound(contactId)));
    }

    @PatchMapping("/{contactId}")
    @Operation(summary = "Change a contact", description = "Fields left out stay; \"\" clears one.")
    ContactView update(AccountId account, @PathVariable long contactId,
                       @RequestBody ContactEdits.ContactInput request) {
        return view(account.value(), edits.update(account.value(), contactId, request));
    }

    @DeleteMapping("/{contactId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a contact", description = "With all its tokens.")
    void delete(AccountId account, @PathVariable long contactId) {
        if (!contacts.delete(account.value(), contactId)) {
            throw notFound(contactId);
        }
    }

    @PostMapping("/bulk")
    @Operation(summary = "Add or update many contacts",
            description = "Body {\"contacts\": [...]}, at most " + ContactEdits.MAX_UPSERT + ". Each is looked up by "
                    + "contactId → externalCustomerId → phone → email: found ones get the given fields, the others "
                    + "are created. One result per entry: CREATED, UPDATED or REJECTED with the reason.")
    ContactEdits.UpsertReport upsert(AccountId account, @RequestBody UpsertRequest request) {
        if (request == null || request.contacts() == null || request.contacts().isEmpty()) {
            throw new InvalidRequestException("contacts", "must be a non-empty array of contacts");
        }
        if (request.contacts().size() > ContactEdits.MAX_UPSERT) {
            throw new PayloadTooLargeException("At most " + ContactEdits.MAX_UPSERT + " contacts per request; this one "
                    + "has " + request.contacts().size() + ". Split it into several requests.");
        }
        return edits.upsert(account.value(), request.contacts());
    }

    private ContactView view(UUID accountId, Contact contact) {
        return views(accountId, List.of(contact)).getFirst();
    }

    private List<ContactView> views(UUID accountId, List<Contact> found) {
        Map<Long, List<TokenView>> byContact = tokens.liveOf(accountId, found.stream().map(Contact::id).toList())
                .stream()
                .collect(Collectors.groupingBy(ContactTokens.Token::contactId, Collectors.mapping(
                        t -> new TokenView(t.appId(), t.token(), t.source().name(), t.createdAt()), Collectors.toList())));
        return found.stream()
                .map(c -> new ContactView(c.id(), c.externalCustomerId(), c.phone(), c.email(), c.firstName(),
                        c.lastName(), byContact.getOrDefault(c.id(), List.of()), c.createdAt(), c.updatedAt()))
                .toList();
    }

    private static NotFoundException notFound(long contactId) {
        return new NotFoundException("No contact " + contactId);
    }
}

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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    /** eSputnik's page size limit for {@code GET contacts}. */
    static final int MAX_ROWS = 500;
    static final int MAX_EMAIL_IDS = 500;

    private final Contacts contacts;
    private final ContactTokens tokens;
    private final ContactEdits edits;
    private final EsputnikContactEdits esputnik;
    private final EsputnikContactViews esputnikViews;
    private final ContactErasure erasure;

    ContactController(Contacts contacts, ContactTokens tokens, ContactEdits edits, EsputnikContactEdits esputnik,
                      EsputnikContactViews esputnikViews, ContactErasure erasure) {
        this.contacts = contacts;
        this.tokens = tokens;
        this.edits = edits;
        this.esputnik = esputnik;
        this.esputnikViews = esputnikViews;
        this.erasure = erasure;
    }

    record TokenView(@JsonProperty("app_uuid") UUID appUuid, String token, String source, Instant createdAt) {}

    /** A contact with its live tokens in every app. */
    record ContactView(long contactId, String externalCustomerId, String phone, String email, String firstName,
                       String lastName, List<TokenView> tokens, Instant createdAt, Instant updatedAt) {}

    record UpsertRequest(List<ContactEdits.ContactInput> contacts) {}

    record AsyncSession(String asyncSessionId) {}

    @PostMapping
    @Operation(summary = "Create a contact, or bulk upsert in eSputnik's shape",
            description = "Herald's contact {externalCustomerId, phone, email, firstName, lastName}: created, 201. "
                    + "contactId is assigned. phone is normalised to E.164 digits, email to lower case; each "
                    + "identifier is unique in the account (409 naming the contact that holds it). eSputnik's bulk "
                    + "upsert {\"contacts\": [...], \"dedupeOn\", \"contactFields\", \"customFieldsIDs\", "
                    + "\"groupNames\", \"restoreDeleted\"} (at most " + EsputnikContactEdits.MAX_IMPORT + " contacts): "
                    + "staged and applied in the background, 200 {\"asyncSessionId\"}; see GET importstatus/{sessionId}.")
    @ApiResponse(responseCode = "201", description = "Herald's contact, created")
    @ApiResponse(responseCode = "200", description = "eSputnik's import, accepted: {\"asyncSessionId\"}")
    @ApiResponse(responseCode = "400", description = "A field that fits neither dialect, named; nothing is stored")
    @ApiResponse(responseCode = "409", description = "An identifier belongs to another contact")
    @ApiResponse(responseCode = "413", description = "Too many contacts or too large a body")
    ResponseEntity<Object> create(AccountId account, HttpServletRequest request) throws IOException {
        EsputnikContactEdits.Intake intake = esputnik.intake(account.value(), request.getInputStream());
        if (intake instanceof EsputnikContactEdits.Staged staged) {
            return ResponseEntity.ok(new AsyncSession(staged.asyncSessionId().toString()));
        }
        ContactEdits.ContactInput input = ((EsputnikContactEdits.HeraldContact) intake).input();
        return ResponseEntity.status(HttpStatus.CREATED).body(view(account.value(), edits.create(account.value(), input)));
    }

    @GetMapping
    @Operation(summary = "Find contacts", description = "Herald's dialect: by any identifiers (all given must match); "
            + "none: every contact, oldest first; {count, items}. eSputnik's dialect (when startindex, maxrows, sms, "
            + "groupId, firstname or lastname is given): a JSON array of eSputnik contacts, startindex counting from 1, "
            + "maxrows at most " + MAX_ROWS + ", the total in the TotalCount header.")
    Object search(AccountId account,
                                @RequestParam(required = false) Long contactId,
                                @RequestParam(required = false) String externalCustomerId,
                                @RequestParam(required = false) String phone,
                                @RequestParam(required = false) String email,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) Integer startindex,
                                @RequestParam(required = false) Integer maxrows,
                                @RequestParam(required = false) String sms,
                                @RequestParam(required = false) Long groupId,
                                @RequestParam(required = false) String firstname,
                                @RequestParam(required = false) String lastname,
                                HttpServletResponse response) {
        if (startindex != null || maxrows != null || sms != null || groupId != null || firstname != null
                || lastname != null) {
            return esputnikSearch(account.value(), email, sms != null ? sms : phone, externalCustomerId, groupId,
                    firstname, lastname, startindex, maxrows, response);
        }
        List<FieldProblem> problems = new ArrayList<>();
        ContactIdentifiers filter = ContactIdentifiers.parse(contactId, externalCustomerId, phone, email, "", problems);
        Paging paging = Paging.of(page, limit);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<Contact> found = contacts.search(account.value(), filter, paging);
        return new Listing<>(contacts.count(account.value(), filter), views(account.value(), found));
    }

    private List<EsputnikContactViews.View> esputnikSearch(UUID accountId, String email, String phone,
                                                           String externalCustomerId, Long groupId, String firstName,
                                                           String lastName, Integer startindex, Integer maxrows,
                                                           HttpServletResponse response) {
        List<FieldProblem> problems = new ArrayList<>();
        ContactIdentifiers ids = ContactIdentifiers.parse(null, externalCustomerId, phone, email, "", problems);
        problems.replaceAll(p -> p.field().equals("phone") ? new FieldProblem("sms", p.message()) : p);
        int start = startindex == null ? 1 : startindex;
        int rows = maxrows == null ? MAX_ROWS : maxrows;
        if (start < 1) {
            problems.add(new FieldProblem("startindex", "must be 1 or more (the first contact is 1)"));
        }
        if (rows < 1 || rows > MAX_ROWS) {
            problems.add(new FieldProblem("maxrows", "must be between 1 and " + MAX_ROWS));
        }
        if (firstName != null && firstName.length() > ContactEdits.MAX_NAME) {
            problems.add(new FieldProblem("firstname", "must be at most " + ContactEdits.MAX_NAME + " characters"));
        }
        if (lastName != null && lastName.length() > ContactEdits.MAX_NAME) {
            problems.add(new FieldProblem("lastname", "must be at most " + ContactEdits.MAX_NAME + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Contacts.EsputnikFilter filter = new Contacts.EsputnikFilter(ids.email(), ids.phone(), ids.externalCustomerId(),
                groupId, ContactIdentifiers.blankToNull(firstName), ContactIdentifiers.blankToNull(lastName));
        response.setHeader("TotalCount", Long.toString(contacts.count(accountId, filter)));
        return esputnikViews.of(accountId, contacts.searchIds(accountId, filter, start - 1L, rows));
    }

    record ContactEmail(long contactId, String email) {}

    record ContactEmails(List<ContactEmail> results) {}

    @GetMapping("/email")
    @Operation(summary = "E-mail addresses of contacts by id (eSputnik)", description = "ids: up to " + MAX_EMAIL_IDS
            + " contact ids, comma-separated. Contacts without an e-mail (or unknown) are left out.")
    ContactEmails emails(AccountId account, @RequestParam(required = false) String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidRequestException("ids", "is required: contact ids, comma-separated");
        }
        String[] parts = ids.split(",");
        if (parts.length > MAX_EMAIL_IDS) {
            throw new InvalidRequestException("ids", "at most " + MAX_EMAIL_IDS + " ids");
        }
        Long[] numbers = new Long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (!part.matches("[0-9]{1,18}")) {
                throw new InvalidRequestException("ids", "must be contact ids (whole numbers), comma-separated; '"
                        + (part.length() > 40 ? part.substring(0, 40) + "…" : part) + "' is not one");
            }
            numbers[i] = Long.parseLong(part);
        }
        return new ContactEmails(contacts.emails(account.value(), numbers).stream()
                .map(e -> new ContactEmail(e.getKey(), e.getValue())).toList());
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
    @Operation(summary = "Erase a contact (GDPR)", description = "Its personal data is removed, also from its "
            + "messages' stored addresses and texts; what has not left is cancelled; its tokens are deleted.")
    void delete(AccountId account, @PathVariable long contactId) {
        if (!erasure.erase(account.value(), contactId)) {
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

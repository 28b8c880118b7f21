package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
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
import tools.jackson.databind.JsonNode;

/**
 * eSputnik's single-contact methods and its import status, with eSputnik's paths and field names (see
 * docs/contacts.md, "eSputnik's dialect"). The bulk upsert and the search are on {@code /api/v1/contacts}, shared
 * with Herald's own dialect ({@link ContactController}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Contacts (eSputnik)", description = "eSputnik's contact methods. API groups: contacts-read (GET contact), "
        + "contacts-update (the rest, and GET importstatus).")
class EsputnikContactController {

    private final EsputnikContactEdits edits;
    private final EsputnikContactViews views;
    private final ContactErasure erasure;
    private final ContactImports imports;

    EsputnikContactController(EsputnikContactEdits edits, EsputnikContactViews views, ContactErasure erasure,
                              ContactImports imports) {
        this.edits = edits;
        this.views = views;
        this.erasure = erasure;
        this.imports = imports;
    }

    @PostMapping("/contact")
    @Operation(summary = "Add a contact (eSputnik)", description = "A contact in eSputnik's shape; one found by its "
            + "email, else its sms channel, is updated instead. Answers the contact with its id.")
    @ApiResponse(responseCode = "200", description = "The contact as stored")
    @ApiResponse(responseCode = "400", description = "A field that does not fit, named")
    @ApiResponse(responseCode = "409", description = "An identifier belongs to another contact")
    EsputnikContactViews.View create(AccountId account, @RequestBody JsonNode body) {
        long id = edits.create(account.value(), body);
        return views.of(account.value(), List.of(id)).getFirst();
    }

    @PutMapping("/contact/{id}")
    @Operation(summary = "Update a contact (eSputnik)", description = "Attributes given replace the contact's, left "
            + "out ones stay; channels, when given, are exactly the contact's channels afterwards (Telegram tokens "
            + "stay).")
    @ApiResponse(responseCode = "200", description = "The contact as stored")
    @ApiResponse(responseCode = "404", description = "No such contact in this account")
    @ApiResponse(responseCode = "409", description = "An identifier belongs to another contact")
    EsputnikContactViews.View replace(AccountId account, @PathVariable long id, @RequestBody JsonNode body) {
        edits.replace(account.value(), id, body);
        return views.of(account.value(), List.of(id)).getFirst();
    }

    @GetMapping("/contact/{id}")
    @Operation(summary = "One contact (eSputnik)")
    @ApiResponse(responseCode = "404", description = "No such contact in this account")
    EsputnikContactViews.View get(AccountId account, @PathVariable long id) {
        List<EsputnikContactViews.View> found = views.of(account.value(), List.of(id));
        if (found.isEmpty()) {
            throw new NotFoundException("No contact " + id);
        }
        return found.getFirst();
    }

    @DeleteMapping("/contact/{id}")
    @ResponseStatus(HttpStatus.OK)
    @Operation(summary = "Erase a contact (GDPR)", description = "Removes the contact's personal data, also from its "
            + "messages' stored addresses and texts; cancels what has not left. Its number stays, marked deleted.")
    @ApiResponse(responseCode = "200", description = "Erased")
    @ApiResponse(responseCode = "404", description = "No such contact in this account")
    void delete(AccountId account, @PathVariable long id) {
        if (!erasure.erase(account.value(), id)) {
            throw new NotFoundException("No contact " + id);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImportStatus(String status, String error, int total, int created, int updated, int rejected, int skipped,
                        Instant createdAt, Instant finishedAt, List<Refusal> errors) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refusal(int index, String status, String code, String message, Long contactId) {}

    @GetMapping("/importstatus/{sessionId}")
    @Operation(summary = "Status of a bulk upsert (eSputnik)", description = "status: STARTED, IMPORTING, FINISHED or "
            + "ERROR, with counts and the first 1000 entries that were refused or skipped.")
    @ApiResponse(responseCode = "404", description = "No such import in this account")
    ImportStatus status(AccountId account, @PathVariable String sessionId) {
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("sessionId", "must be the asyncSessionId POST /api/v1/contacts answered");
        }
        ContactImports.Status status = imports.status(account.value(), id)
                .orElseThrow(() -> new NotFoundException("No import " + sessionId));
        List<Refusal> errors = imports.refusals(account.value(), id, 1000).stream().map(r -> {
            int colon = r.error() == null ? -1 : r.error().indexOf(':');
            return new Refusal(r.index(), r.status(), colon < 0 ? null : r.error().substring(0, colon),
                    colon < 0 ? r.error() : r.error().substring(colon + 1).strip(),
                    r.status().equals("SKIPPED") ? null : r.contactId());
        }).toList();
        return new ImportStatus(status.status(), status.error(), status.total(), status.created(), status.updated(),
                status.rejected(), status.skipped(), status.createdAt(), status.finishedAt(), errors);
    }
}

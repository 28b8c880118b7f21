package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/apps/{app_uuid}/tokens}, the reference's "Add application tokens": each entry's token is
 * added to the contact its identifiers find (priority contactId → externalCustomerId → phone → email), or to
 * a new contact holding all of them. A found contact's identifiers are never created or changed; tokens are
 * only ever added. Entries are independent: each runs in its own savepoint and gets its own result, so one
 * bad entry costs only itself.
 */
@Service
class TokenImport {

    static final int MAX_ENTRIES = 3000;
    static final int MAX_TOKEN = 512;

    /** What happened to one entry. */
    enum Status { CREATED, ADDED, ALREADY_PRESENT, REJECTED }

    /**
     * @param contactId the contact now holding the token (for ALREADY_PRESENT and a clashing token, its holder)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(int index, String token, Status status, Long contactId, EntryError error) {}

    record EntryError(String code, String message) {}

    record Report(int count, long created, long added, long alreadyPresent, long rejected, List<Result> results) {

        static Report of(List<Result> results) {
            return new Report(results.size(), count(results, Status.CREATED), count(results, Status.ADDED),
                    count(results, Status.ALREADY_PRESENT), count(results, Status.REJECTED), results);
        }

        private static long count(List<Result> results, Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }
    }

    /** An entry's refusal, carried out of its savepoint. */
    private static final class Rejected extends RuntimeException {

        final EntryError error;
        final Long contactId;

        Rejected(String code, String message, Long contactId) {
            super(message, null, false, false);
            this.error = new EntryError(code, message);
            this.contactId = contactId;
        }
    }

    private final Contacts contacts;
    private final ContactTokens tokens;
    private final TransactionTemplate outer;
    private final TransactionTemplate savepoint;

    TokenImport(Contacts contacts, ContactTokens tokens, PlatformTransactionManager transactions) {
        this.contacts = contacts;
        this.tokens = tokens;
        this.outer = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    Report add(UUID accountId, MessengerApp app, List<JsonNode> entries) {
        return outer.execute(status -> {
            List<Result> results = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                results.add(addOne(accountId, app, i, entries.get(i)));
            }
            return Report.of(results);
        });
    }

    private Result addOne(UUID accountId, MessengerApp app, int index, JsonNode raw) {
        Entry entry;
        try {
            entry = Entry.parse(raw);
        } catch (Rejected e) {
            return new Result(index, tokenOf(raw), Status.REJECTED, null, e.error);
        }
        // Two requests may create the same contact or token at once; the loser sees the winner's row on retry.
        for (int attempt = 1; ; attempt++) {
            try {
                return savepoint.execute(status -> apply(accountId, app, index, entry));
            } catch (Rejected e) {
                return new Result(index, entry.token, Status.REJECTED, e.contactId, e.error);
            } catch (DuplicateKeyException e) {
                if (attempt == 2) {
                    return new Result(index, entry.token, Status.REJECTED, null,
                            new EntryError("CONFLICT", "changed by another request at the same time; send it again"));
                }
            }
        }
    }

    private Result apply(UUID accountId, MessengerApp app, int index, Entry entry) {
        String problem = app.tokenProblem(entry.token);
        if (problem != null) {
            throw new Rejected("INVALID_TOKEN", problem, null);
        }
        Optional<ContactTokens.Token> existing = tokens.lock(accountId, app.id(), entry.token);
        ContactIdentifiers ids = entry.ids;
        Contact contact;
        if (ids.contactId() != null) {
            contact = contacts.find(accountId, ids.contactId()).orElseThrow(() -> new Rejected("UNKNOWN_CONTACT",
                    "no contact with contactId " + ids.contactId() + "; a contactId must name an existing contact",
                    null));
        } else {
            contact = contacts.lookup(accountId, ids).orElse(null);
        }
        if (existing.isPresent() && existing.get().live()) {
            long holder = existing.get().contactId();
            if (contact != null && contact.id() == holder) {
                return new Result(index, entry.token, Status.ALREADY_PRESENT, holder, null);
            }
            throw new Rejected("TOKEN_OF_ANOTHER_CONTACT", "the app has this token already, on contact " + holder
                    + "; tokens are never moved between contacts (delete it from the app first to move it)", holder);
        }
        boolean created = contact == null;
        if (created) {
            contact = contacts.insert(accountId,
                    new Contacts.ContactData(ids.externalCustomerId(), ids.phone(), ids.email(), null, null));
        }
        if (existing.isPresent()) {
            // A token the recipient had blocked comes back: it is live again, on the contact it was sent for.
            tokens.revive(accountId, existing.get().id(), contact.id());
        } else {
            tokens.insert(accountId, app.id(), contact.id(), entry.token, ContactTokens.Source.API);
        }
        return new Result(index, entry.token, created ? Status.CREATED : Status.ADDED, contact.id(), null);
    }

    /** One entry of the request, checked. */
    private record Entry(String token, ContactIdentifiers ids) {

        /**
         * An object {@code {"token", "contactId", "externalCustomerId", "phone", "email"}}; a bare string
         * (the reference's {@code "tokens": ["Token"]}) is a token without identifiers, which is refused.
         */
        static Entry parse(JsonNode raw) {
            if (raw != null && raw.isString()) {
                throw new Rejected("IDENTIFIER_REQUIRED", "a bare token cannot be placed: give an object with the "
                        + "token and at least one of contactId, externalCustomerId, phone, email", null);
            }
            if (raw == null || !raw.isObject()) {
                throw new Rejected("INVALID_ENTRY", "must be an object with token and at least one of contactId, "
                        + "externalCustomerId, phone, email", null);
            }
            String token = text(raw, "token");
            if (token == null) {
                throw new Rejected("TOKEN_REQUIRED", "token is required", null);
            }
            if (token.length() > MAX_TOKEN) {
                throw new Rejected("INVALID_TOKEN", "token must be at most " + MAX_TOKEN + " characters", null);
            }
            List<FieldProblem> problems = new ArrayList<>();
            ContactIdentifiers ids = ContactIdentifiers.parse(contactId(raw), text(raw, "externalCustomerId"),
                    text(raw, "phone"), text(raw, "email"), "", problems);
            if (!problems.isEmpty()) {
                throw new Rejected("INVALID_IDENTIFIER", problems.stream()
                        .map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")), null);
            }
            if (ids.isEmpty()) {
                throw new Rejected("IDENTIFIER_REQUIRED",
                        "at least one of contactId, externalCustomerId, phone, email is required", null);
            }
            return new Entry(token, ids);
        }

        /** A string or number field as text; null when absent, null or blank. */
        private static String text(JsonNode raw, String field) {
            JsonNode value = raw.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString() && !value.isNumber()) {
                throw new Rejected("INVALID_IDENTIFIER", field + " must be a string", null);
            }
            return ContactIdentifiers.blankToNull(value.asString());
        }

        private static Long contactId(JsonNode raw) {
            JsonNode value = raw.get("contactId");
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.asLong();
            }
            if (value.isString() && value.asString().strip().matches("\\d{1,18}")) {
                return Long.parseLong(value.asString().strip());
            }
            throw new Rejected("INVALID_IDENTIFIER", "contactId must be a whole number", null);
        }
    }

    private static String tokenOf(JsonNode raw) {
        if (raw == null) {
            return null;
        }
        JsonNode token = raw.isString() ? raw : raw.get("token");
        return token != null && (token.isString() || token.isNumber()) ? token.asString() : null;
    }
}

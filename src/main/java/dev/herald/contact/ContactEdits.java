package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
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

/**
 * Creating and changing contacts through {@code /api/v1/contacts}: one at a time, or many at once by upsert
 * (found by contactId → externalCustomerId → phone → email and changed, else created). An identifier
 * another contact holds is a conflict, never a silent move.
 */
@Service
class ContactEdits {

    static final int MAX_NAME = 100;
    static final int MAX_UPSERT = 3000;

    /**
     * Fields of a contact as a request gives them: null leaves a field as it is, "" clears it.
     */
    record ContactInput(Long contactId, String externalCustomerId, String phone, String email, String firstName,
                        String lastName) {}

    enum UpsertStatus { CREATED, UPDATED, REJECTED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UpsertResult(int index, UpsertStatus status, Long contactId, TokenImport.EntryError error) {}

    record UpsertReport(int count, long created, long updated, long rejected, List<UpsertResult> results) {}

    private final Contacts contacts;
    private final TransactionTemplate outer;
    private final TransactionTemplate savepoint;

    ContactEdits(Contacts contacts, PlatformTransactionManager transactions) {
        this.contacts = contacts;
        this.outer = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    Contact create(UUID accountId, ContactInput input) {
        List<FieldProblem> problems = new ArrayList<>();
        if (input.contactId() != null) {
            problems.add(new FieldProblem("contactId", "is assigned by Herald; leave it out"));
        }
        Contacts.ContactData data = merge(null, input, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        try {
            return outer.execute(status -> insert(accountId, data));
        } catch (DuplicateKeyException e) {
            throw raced();
        }
    }

    Contact update(UUID accountId, long id, ContactInput input) {
        try {
            return outer.execute(status -> updateNow(accountId, id, input));
        } catch (DuplicateKeyException e) {
            throw raced();
        }
    }

    private static ConflictException raced() {
        return new ConflictException("Another request took one of these identifiers at the same time; try again");
    }

    private Contact updateNow(UUID accountId, long id, ContactInput input) {
        Contact contact = contacts.find(accountId, id).orElseThrow(() -> new NotFoundException("No contact " + id));
        List<FieldProblem> problems = new ArrayList<>();
        if (input.contactId() != null && input.contactId() != id) {
            problems.add(new FieldProblem("contactId", "cannot be changed"));
        }
        Contacts.ContactData data = merge(contact, input, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return change(accountId, contact, data);
    }

    UpsertReport upsert(UUID accountId, List<ContactInput> inputs) {
        return outer.execute(status -> {
            List<UpsertResult> results = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                results.add(upsertOne(accountId, i, inputs.get(i)));
            }
            return new UpsertReport(results.size(), count(results, UpsertStatus.CREATED),
                    count(results, UpsertStatus.UPDATED), count(results, UpsertStatus.REJECTED), results);
        });
    }

    private UpsertResult upsertOne(UUID accountId, int index, ContactInput input) {
        if (input == null) {
            return rejected(index, "INVALID_ENTRY", "must be a contact object");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return savepoint.execute(status -> {
                    List<FieldProblem> problems = new ArrayList<>();
                    ContactIdentifiers ids = ContactIdentifiers.parse(input.contactId(), input.externalCustomerId(),
                            input.phone(), input.email(), "", problems);
                    if (!problems.isEmpty()) {
                        return rejected(index, "INVALID_FIELD", describe(problems));
                    }
                    Optional<Contact> found = ids.contactId() != null
                            ? contacts.find(accountId, ids.contactId())
                            : contacts.lookup(accountId, ids);
                    if (ids.contactId() != null && found.isEmpty()) {
                        return rejected(index, "UNKNOWN_CONTACT", "no contact with contactId " + ids.contactId());
                    }
                    Contacts.ContactData data = merge(found.orElse(null), input, "", problems);
                    if (!problems.isEmpty()) {
                        return rejected(index, "INVALID_FIELD", describe(problems));
                    }
                    Contact saved = found.isPresent() ? change(accountId, found.get(), data) : insert(accountId, data);
                    return new UpsertResult(index, found.isPresent() ? UpsertStatus.UPDATED : UpsertStatus.CREATED,
                            saved.id(), null);
                });
            } catch (ConflictException e) {
                return rejected(index, "IDENTIFIER_IN_USE", e.getMessage());
            } catch (DuplicateKeyException e) {
                if (attempt == 2) {
                    return rejected(index, "CONFLICT", "changed by another request at the same time; send it again");
                }
            }
        }
    }

    private Contact insert(UUID accountId, Contacts.ContactData data) {
        checkFree(accountId, data, null);
        return contacts.insert(accountId, data);
    }

    private Contact change(UUID accountId, Contact contact, Contacts.ContactData data) {
        checkFree(accountId, data, contact.id());
        return contacts.update(accountId, contact.id(), data).orElseThrow();
    }

    /** @throws ConflictException naming the identifier and the contact holding it */
    private void checkFree(UUID accountId, Contacts.ContactData data, Long self) {
        for (Contacts.Identifier identifier : Contacts.Identifier.values()) {
            String value = identifier.of(data);
            contacts.holder(accountId, identifier, value, self).ifPresent(holder -> {
                throw new ConflictException(identifier.field + " " + value + " belongs to contact " + holder);
            });
        }
    }

    /** The contact's columns after applying {@code input} to {@code current} (null: a new contact). */
    private static Contacts.ContactData merge(Contact current, ContactInput input, String path,
                                              List<FieldProblem> problems) {
        ContactIdentifiers ids = ContactIdentifiers.parse(null, input.externalCustomerId(), input.phone(),
                input.email(), path, problems);
        checkName(path + "firstName", input.firstName(), problems);
        checkName(path + "lastName", input.lastName(), problems);
        return new Contacts.ContactData(
                pick(input.externalCustomerId(), ids.externalCustomerId(), current == null ? null : current.externalCustomerId()),
                pick(input.phone(), ids.phone(), current == null ? null : current.phone()),
                pick(input.email(), ids.email(), current == null ? null : current.email()),
                pick(input.firstName(), ContactIdentifiers.blankToNull(input.firstName()),
                        current == null ? null : current.firstName()),
                pick(input.lastName(), ContactIdentifiers.blankToNull(input.lastName()),
                        current == null ? null : current.lastName()));
    }

    /** Absent keeps the current value; blank clears it; else the normalised value. */
    private static String pick(String raw, String normalised, String current) {
        if (raw == null) {
            return current;
        }
        return raw.isBlank() ? null : normalised;
    }

    private static void checkName(String path, String value, List<FieldProblem> problems) {
        if (value != null && value.length() > MAX_NAME) {
            problems.add(new FieldProblem(path, "must be at most " + MAX_NAME + " characters"));
        }
    }

    private static UpsertResult rejected(int index, String code, String message) {
        return new UpsertResult(index, UpsertStatus.REJECTED, null, new TokenImport.EntryError(code, message));
    }

    private static String describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
    }

    private static long count(List<UpsertResult> results, UpsertStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}

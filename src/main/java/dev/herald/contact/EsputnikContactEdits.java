package dev.herald.contact;

import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writing contacts in eSputnik's dialect. {@code POST /api/v1/contacts} is read as it streams in, so that an import of
 * 100 000 contacts is staged a batch per statement and never held whole: a body with {@code contacts} is eSputnik's
 * bulk upsert (answered with its {@code asyncSessionId} and applied by {@link ContactImportWorker}), a body without
 * is Herald's own single contact. Any entry that does not fit refuses the whole request with 400 naming the field,
 * and nothing is staged. Single contacts ({@code POST contact}, {@code PUT contact/{id}}) go through the same
 * set-based import of one entry, in the request's own transaction.
 */
@Service
class EsputnikContactEdits {

    static final int MAX_IMPORT = 100_000;
    static final int MAX_PROBLEMS = 50;
    static final int MAX_GROUP_NAMES = 10_000;
    private static final Set<String> DEDUPE = Set.of("email", "sms", "email_or_sms", "externalCustomerId", "id", "fieldId");
    private static final Map<String, String> CONTACT_FIELDS = Map.ofEntries(Map.entry("firstName", "firstName"),
            Map.entry("lastName", "lastName"), Map.entry("email", "email"), Map.entry("sms", "sms"),
            Map.entry("address", "address"), Map.entry("town", "address"), Map.entry("region", "address"),
            Map.entry("postcode", "address"), Map.entry("externalCustomerId", "externalCustomerId"),
            Map.entry("languageCode", "languageCode"), Map.entry("timeZone", "timeZone"),
            Map.entry("channels", "channels"), Map.entry("contactKey", "email"));
    private static final Set<String> HERALD_FIELDS = Set.of("contactId", "externalCustomerId", "phone", "email",
            "firstName", "lastName");

    /** What {@code POST /api/v1/contacts} turned out to be. */
    sealed interface Intake {}

    record Staged(UUID asyncSessionId) implements Intake {}

    record HeraldContact(ContactEdits.ContactInput input) implements Intake {}

    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final ContactFields fields;
    private final ContactImports imports;
    private final ContactImportRun run;
    private final ContactImportWorker worker;
    private final TransactionTemplate transaction;
    private final ObjectReader trees;

    EsputnikContactEdits(JsonMapper json, JdbcClient jdbc, ContactFields fields, ContactImports imports,
                         ContactImportRun run, ContactImportWorker worker, PlatformTransactionManager transactions) {
        this.json = json;
        this.jdbc = jdbc;
        this.fields = fields;
        this.imports = imports;
        this.run = run;
        this.worker = worker;
        this.transaction = new TransactionTemplate(transactions);
        this.trees = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** One value of the body being streamed, as a tree (the parser then stands on its last token). */
    private JsonNode tree(JsonParser parser) {
        return trees.readValue(parser);
    }

    Intake intake(UUID accountId, InputStream body) {
        Intake intake = transaction.execute(status -> read(accountId, body));
        if (intake instanceof Staged) {
            worker.wake();
        }
        return intake;
    }

    private Intake read(UUID accountId, InputStream body) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, JsonNode> others = new LinkedHashMap<>();
        UUID id = null;
        int count = 0;
        Set<String> groupNames = new LinkedHashSet<>();
        EsputnikContactReader reader = new EsputnikContactReader(fields.list(accountId));
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("body", "must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("contacts") || id != null) {
                    others.put(name, tree(parser));
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    others.put(name, tree(parser));
                    continue;
                }
                id = UUID.randomUUID();
                imports.create(accountId, id);
                List<ContactEntry> batch = new ArrayList<>(ContactImports.STAGE_BATCH);
                int first = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (count >= MAX_IMPORT) {
                        throw new PayloadTooLargeException("At most " + MAX_IMPORT + " contacts per request. Split the "
                                + "import into several requests.");
                    }
                    JsonNode node = tree(parser);
                    int before = problems.size();
                    ContactEntry entry = reader.read(node, "contacts[" + count + "].", false, problems);
                    if (problems.size() >= MAX_PROBLEMS) {
                        break;
                    }
                    if (entry != null && problems.size() == before) {
                        if (groupNames.size() < MAX_GROUP_NAMES) {
                            groupNames.addAll(entry.groups());
                        }
                        if (problems.isEmpty()) {
                            if (batch.isEmpty()) {
                                first = count;
                            }
                            batch.add(entry);
                        }
                    }
                    count++;
                    if (batch.size() == ContactImports.STAGE_BATCH) {
                        imports.stage(id, first, batch);
                        batch.clear();
                    }
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    throw new InvalidRequestException(problems);
                }
                if (problems.isEmpty()) {
                    imports.stage(id, first, batch);
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidRequestException("body", "must be one JSON object");
            }
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (id == null) {
            return herald(others, problems);
        }
        ContactImports.Options options = options(accountId, others, problems);
        if (count == 0) {
            problems.add(new FieldProblem("contacts", "must be a non-empty array of contacts"));
        }
        if (options != null) {
            groupNames.addAll(options.groupNames());
        }
        refuseDynamicGroups(accountId, groupNames, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        imports.complete(accountId, id, options, count);
        return new Staged(id);
    }

    private static Intake herald(Map<String, JsonNode> body, List<FieldProblem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Long contactId = null;
        for (Map.Entry<String, JsonNode> property : body.entrySet()) {
            String key = property.getKey();
            JsonNode value = property.getValue();
            if (!HERALD_FIELDS.contains(key)) {
                problems.add(new FieldProblem(key, key.equals("contacts")
                        ? "must be an array of contacts"
                        : Set.of("channels", "fields", "address", "groups", "languageCode", "timeZone", "id",
                                "dedupeOn", "groupNames").contains(key)
                        ? "belongs to eSputnik's contact: POST /api/v1/contacts takes {\"contacts\": [...]} (a bulk "
                                + "upsert), POST /api/v1/contact one eSputnik contact"
                        : "is not a field of a contact"));
            } else if (key.equals("contactId")) {
                if (!value.isNull()) {
                    contactId = EsputnikContactReader.wholeNumber(value);
                    if (contactId == null) {
                        problems.add(new FieldProblem(key, "must be a positive whole number"));
                    }
                }
            } else if (!value.isNull() && !value.isString()) {
                problems.add(new FieldProblem(key, "must be a string"));
            } else {
                values.put(key, value.isNull() ? null : value.asString());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new HeraldContact(new ContactEdits.ContactInput(contactId, values.get("externalCustomerId"),
                values.get("phone"), values.get("email"), values.get("firstName"), values.get("lastName")));
    }

    private ContactImports.Options options(UUID accountId, Map<String, JsonNode> body, List<FieldProblem> problems) {
        String dedupeOn = "email";
        Long fieldId = null;
        Set<String> contactFields = null;
        Set<Long> customFieldsIDs = null;
        List<String> groupNames = List.of();
        boolean restoreDeleted = false;
        for (Map.Entry<String, JsonNode> property : body.entrySet()) {
            String key = property.getKey();
            JsonNode value = property.getValue();
            switch (key) {
                case "contacts" -> problems.add(new FieldProblem(key, "must be an array of contacts"));
                case "dedupeOn" -> {
                    String mode = value.isString() || value.isIntegralNumber() ? value.asString().strip() : "";
                    if (EsputnikContactReader.wholeNumber(value) != null) {
                        fieldId = EsputnikContactReader.wholeNumber(value);
                        dedupeOn = "fieldId";
                    } else if (DEDUPE.contains(mode)) {
                        dedupeOn = mode;
                    } else {
                        problems.add(new FieldProblem(key, "must be one of email, sms, email_or_sms, externalCustomerId, "
                                + "id, fieldId, or the id of a custom field"));
                    }
                }
                case "fieldId" -> {
                    fieldId = value.isNull() ? null : EsputnikContactReader.wholeNumber(value);
                    if (!value.isNull() && fieldId == null) {
                        problems.add(new FieldProblem(key, "must be the id of a custom field"));
                    }
                }
                case "contactFields" -> {
                    contactFields = new LinkedHashSet<>();
                    if (!value.isArray()) {
                        problems.add(new FieldProblem(key, "must be an array of contact field names"));
                    } else {
                        for (int i = 0; i < value.size(); i++) {
                            String name = value.get(i).isString() ? CONTACT_FIELDS.get(value.get(i).asString()) : null;
                            if (name == null) {
                                problems.add(new FieldProblem(key + "[" + i + "]", "must be one of firstName, lastName, "
                                        + "email, sms, address, town, region, postcode, externalCustomerId, "
                                        + "languageCode, timeZone, channels"));
                            } else {
                                contactFields.add(name);
                            }
                        }
                    }
                }
                case "customFieldsIDs" -> {
                    customFieldsIDs = new LinkedHashSet<>();
                    if (!value.isArray() || value.size() > ContactFields.MAX_FIELDS) {
                        problems.add(new FieldProblem(key, "must be an array of custom field ids"));
                    } else {
                        for (int i = 0; i < value.size(); i++) {
                            Long field = EsputnikContactReader.wholeNumber(value.get(i));
                            if (field == null) {
                                problems.add(new FieldProblem(key + "[" + i + "]", "must be the id of a custom field"));
                            } else {
                                customFieldsIDs.add(field);
                            }
                        }
                    }
                }
                case "groupNames" -> groupNames = EsputnikContactReader.groupNames(value, key, problems);
                case "restoreDeleted" -> {
                    if (!value.isBoolean() && !value.isNull()) {
                        problems.add(new FieldProblem(key, "must be true or false"));
                    }
                    restoreDeleted = value.asBoolean(false);
                }
                case "groupNamesExclude", "eventKeyForNewContacts", "snapshot" -> problems.add(new FieldProblem(key,
                        "is not supported by Herald yet; leave it out"));
                default -> problems.add(new FieldProblem(key, HERALD_FIELDS.contains(key)
                        ? "is a field of a contact, not of the import: put it into each entry of contacts"
                        : "is not an option of the import"));
            }
        }
        if (dedupeOn.equals("fieldId")) {
            if (fieldId == null) {
                problems.add(new FieldProblem("fieldId", "is required with dedupeOn fieldId"));
            } else if (fields.find(accountId, fieldId).isEmpty()) {
                problems.add(new FieldProblem("dedupeOn", "no custom field " + fieldId + " in this account"));
            }
        }
        return new ContactImports.Options(dedupeOn, fieldId, contactFields, customFieldsIDs, groupNames,
                restoreDeleted, false);
    }

    private void refuseDynamicGroups(UUID accountId, Set<String> names, List<FieldProblem> problems) {
        if (names.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT name FROM contact_group WHERE account_id = ? AND kind = 'dynamic' AND name = ANY(?)")
                .params(accountId, names.toArray(String[]::new)).query(String.class).list()
                .forEach(name -> problems.add(new FieldProblem("groups", "'" + name + "' is a dynamic group: its "
                        + "members follow its conditions and cannot be added")));
    }

    /** {@code POST contact}: found by e-mail, else phone, and changed; else created. */
    long create(UUID accountId, JsonNode body) {
        return single(accountId, body, null);
    }

    /** {@code PUT contact/{id}}: the given attributes replace the contact's, its channels are exactly those given. */
    void replace(UUID accountId, long id, JsonNode body) {
        single(accountId, body, id);
    }

    private long single(UUID accountId, JsonNode body, Long id) {
        List<FieldProblem> problems = new ArrayList<>();
        ContactEntry read = new EsputnikContactReader(fields.list(accountId)).read(body, "", id != null, problems);
        if (read != null && id != null && read.givenId() != null && !read.givenId().equals(id)) {
            problems.add(new FieldProblem("id", "must be the id in the path, " + id + ", or left out"));
        }
        if (read != null) {
            refuseDynamicGroups(accountId, new LinkedHashSet<>(read.groups()), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ContactEntry entry = id == null ? read : new ContactEntry(id, read.externalCustomerId(), read.email(),
                read.phone(), read.firstName(), read.lastName(), read.languageCode(), read.timeZone(), read.address(),
                read.channels(), read.fields(), read.groups(), read.present());
        ContactImports.Options options = new ContactImports.Options(id == null ? "email_or_sms" : "id", null, null,
                null, List.of(), false, id != null);
        try {
            return transaction.execute(status -> {
                UUID imp = UUID.randomUUID();
                imports.create(accountId, imp);
                imports.stage(imp, 0, List.of(id == null ? withoutId(entry) : entry));
                run.prepare(imp, options);
                run.applyChunk(accountId, imp, options, 0, 0);
                Map<String, Object> row = jdbc.sql("""
                                SELECT r.status, r.error, r.contact_id FROM contact_import_row r
                                WHERE r.import_id = ? AND r.n = 0""").params(imp).query().singleRow();
                jdbc.sql("DELETE FROM contact_import WHERE account_id = ? AND id = ?").params(accountId, imp).update();
                String error = (String) row.get("error");
                if (error != null) {
                    String code = error.substring(0, error.indexOf(':'));
                    String message = error.substring(error.indexOf(':') + 1).strip();
                    throw switch (code) {
                        case "UNKNOWN_CONTACT", "DELETED" -> new NotFoundException("No contact " + id);
                        default -> new ConflictException(message);
                    };
                }
                return ((Number) row.get("contact_id")).longValue();
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("Another request took one of these identifiers at the same time; try again");
        }
    }

    private static ContactEntry withoutId(ContactEntry e) {
        return new ContactEntry(null, e.externalCustomerId(), e.email(), e.phone(), e.firstName(), e.lastName(),
                e.languageCode(), e.timeZone(), e.address(), e.channels(), e.fields(), e.groups(), e.present());
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}

package dev.herald.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tables of eSputnik's asynchronous import: {@code contact_import} (one per request, its status and counts) and
 * {@code contact_import_row} (its staged entries). Entries are staged a batch per statement.
 */
@Repository
class ContactImports {

    /** Entries per staging statement. */
    static final int STAGE_BATCH = 1000;

    /**
     * How an import applies its entries (eSputnik's request options).
     *
     * @param dedupeOn        email, sms, email_or_sms, externalCustomerId, id or fieldId
     * @param contactFields   which attributes of a contact found may change (null: all the entry gives)
     * @param customFieldsIDs which custom fields of a contact found may change (null: all the entry gives)
     * @param replaceChannels a full replacement: the contact keeps no channel the entry does not give
     */
    record Options(String dedupeOn, Long fieldId, Set<String> contactFields, Set<Long> customFieldsIDs,
                   List<String> groupNames, boolean restoreDeleted, boolean replaceChannels) {}

    /** An import as {@code GET importstatus/{sessionId}} shows it. */
    record Status(UUID id, String status, int total, int created, int updated, int rejected, int skipped, String error,
                  Instant createdAt, Instant finishedAt) {}

    /** One entry that was not applied, with why. */
    record Refusal(int index, String status, String error, Long contactId) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ContactImports(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new import, not yet visible to the workers until its transaction commits. */
    void create(UUID accountId, UUID id) {
        jdbc.sql("INSERT INTO contact_import (id, account_id, status, options, total) VALUES (?, ?, 'STARTED', '{}', 0)")
                .params(id, accountId).update();
    }

    void complete(UUID accountId, UUID id, Options options, int total) {
        jdbc.sql("UPDATE contact_import SET options = ?::jsonb, total = ? WHERE account_id = ? AND id = ?")
                .params(json.writeValueAsString(options), total, accountId, id).update();
    }

    /** Stages a batch of entries with one statement; {@code first} is the index of the batch's first entry. */
    void stage(UUID id, int first, List<ContactEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ContactEntry e = entries.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", first + i);
            row.put("given_id", e.givenId());
            row.put("external", e.externalCustomerId());
            row.put("email", e.email());
            row.put("phone", e.phone());
            row.put("first_name", e.firstName());
            row.put("last_name", e.lastName());
            row.put("language_code", e.languageCode());
            row.put("time_zone", e.timeZone());
            row.put("address", e.address());
            row.put("channels", e.channels().isEmpty() ? null : e.channels());
            Map<String, String> fields = new LinkedHashMap<>();
            e.fields().forEach((field, value) -> fields.put(Long.toString(field), value));
            row.put("fields", fields.isEmpty() ? null : fields);
            row.put("groups", e.groups().isEmpty() ? null : e.groups());
            row.put("present", e.present());
            rows.add(row);
        }
        jdbc.sql("""
                        INSERT INTO contact_import_row (import_id, n, given_id, external, email, phone, first_name,
                            last_name, language_code, time_zone, address, channels, fields, groups, present)
                        SELECT ?, r.n, r.given_id, r.external, r.email, r.phone, r.first_name, r.last_name,
                            r.language_code, r.time_zone, r.address, r.channels, r.fields,
                            ARRAY(SELECT jsonb_array_elements_text(r.groups)),
                            ARRAY(SELECT jsonb_array_elements_text(r.present))
                        FROM jsonb_to_recordset(?::jsonb) AS r(n int, given_id bigint, external text, email text,
                            phone text, first_name text, last_name text, language_code text, time_zone text,
                            address jsonb, channels jsonb, fields jsonb, groups jsonb, present jsonb)""")
                .params(id, json.writeValueAsString(rows)).update();
    }

    Optional<Status> status(UUID accountId, UUID id) {
        return jdbc.sql("SELECT * FROM contact_import WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(ContactImports::map).optional();
    }

    /** The entries that were refused or skipped, in order, at most {@code limit}. */
    List<Refusal> refusals(UUID accountId, UUID id, int limit) {
        return jdbc.sql("""
                        SELECT r.n, r.status, r.error, r.contact_id FROM contact_import_row r
                        JOIN contact_import i ON i.id = r.import_id AND i.account_id = ?
                        WHERE r.import_id = ? AND r.status IN ('REJECTED', 'SKIPPED')
                        ORDER BY r.n LIMIT ?""")
                .params(accountId, id, limit)
                .query((rs, row) -> new Refusal(rs.getInt("n"), rs.getString("status"), rs.getString("error"),
                        (Long) rs.getObject("contact_id")))
                .list();
    }

    Options options(UUID id) {
        return json.readValue(jdbc.sql("SELECT options FROM contact_import WHERE id = ?").params(id)
                .query(String.class).single(), Options.class);
    }

    private static Status map(ResultSet rs, int row) throws SQLException {
        return new Status(rs.getObject("id", UUID.class), rs.getString("status"), rs.getInt("total"),
                rs.getInt("created"), rs.getInt("updated"), rs.getInt("rejected"), rs.getInt("skipped"),
                rs.getString("error"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant());
    }
}

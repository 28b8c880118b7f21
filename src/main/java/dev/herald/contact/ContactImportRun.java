package dev.herald.contact;

import dev.herald.group.GroupJoins;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Applies the staged entries of an import, a chunk of entries at a time, with set-based statements only: find
 * the contacts the entries name (by the import's {@code dedupeOn}), refuse the entries whose identifiers another
 * contact holds, update the found contacts in one statement, number and insert the new ones in another, then their
 * channels, custom fields and static groups. Each entry ends CREATED, UPDATED, REJECTED (with why) or SKIPPED (a
 * later entry of the import names the same contact). A chunk runs in the caller's transaction and only touches
 * entries still NEW, so a chunk that failed (or a node that died) is simply run again.
 */
@Component
class ContactImportRun {

    /** Entries per chunk: one transaction each. */
    static final int CHUNK = 5000;

    private static final String IN_CHUNK = "r.import_id = :imp AND r.n BETWEEN :a AND :b";
    private static final String APPLIED = IN_CHUNK + " AND r.status IN ('CREATE', 'UPDATE', 'RESTORE')";

    private final JdbcClient jdbc;
    private final ObjectProvider<GroupJoins> joins;

    ContactImportRun(JdbcClient jdbc, ObjectProvider<GroupJoins> joins) {
        this.jdbc = jdbc;
        this.joins = joins;
    }

    /** Once per import, before its chunks: each entry's dedupe key, and the earlier of two entries with one key skipped. */
    void prepare(UUID imp, ContactImports.Options options) {
        jdbc.sql("""
                        UPDATE contact_import_row SET dedupe_key = CASE :mode
                            WHEN 'email' THEN email WHEN 'sms' THEN phone WHEN 'email_or_sms' THEN coalesce(email, phone)
                            WHEN 'externalCustomerId' THEN external WHEN 'id' THEN given_id::text
                            WHEN 'fieldId' THEN fields ->> :fieldKey END
                        WHERE import_id = :imp AND status = 'NEW'""")
                .param("mode", options.dedupeOn()).param("fieldKey", fieldKey(options)).param("imp", imp).update();
        // One window pass, joined back by primary key.
        jdbc.sql("""
                        UPDATE contact_import_row r
                        SET status = 'SKIPPED', error = 'DUPLICATE: entry ' || d.last || ' of this import has the same ' || :mode
                        FROM (SELECT n, max(n) OVER (PARTITION BY dedupe_key) AS last FROM contact_import_row
                              WHERE import_id = :imp AND dedupe_key IS NOT NULL AND status = 'NEW') d
                        WHERE r.import_id = :imp AND r.n = d.n AND d.n < d.last""")
                .param("mode", options.dedupeOn()).param("imp", imp).update();
    }

    /**
     * Fresh statistics of the staged entries, before a large import's statements are planned: the table is empty
     * between imports, and a plan made for an empty table (nested loops) is quadratic for 100 000 entries.
     */
    void analyze() {
        jdbc.sql("ANALYZE contact_import_row").update();
    }

    /** The first entry still to apply, or null when none is left. */
    Integer nextNew(UUID imp) {
        return jdbc.sql("SELECT min(n) FROM contact_import_row WHERE import_id = ? AND status = 'NEW'").params(imp)
                .query(Integer.class).optional().orElse(null);
    }

    /** Applies the NEW entries numbered {@code a}..{@code b}. */
    void applyChunk(UUID acc, UUID imp, ContactImports.Options options, int a, int b) {
        String[] cf = options.contactFields() == null ? null : options.contactFields().toArray(String[]::new);
        Long[] ids = options.customFieldsIDs() == null ? null : options.customFieldsIDs().toArray(Long[]::new);
        match(acc, imp, options, a, b);
        if (options.dedupeOn().equals("id")) {
            sql("""
                    UPDATE contact_import_row r SET status = 'REJECTED',
                        error = 'UNKNOWN_CONTACT: no contact with id ' || r.given_id
                    WHERE %s AND r.status = 'NEW' AND r.given_id IS NOT NULL""".formatted(IN_CHUNK), acc, imp, a, b)
                    .update();
        }
        sql("""
                UPDATE contact_import_row r SET status = CASE WHEN :restore THEN 'RESTORE' ELSE 'REJECTED' END,
                    error = CASE WHEN :restore THEN NULL ELSE 'DELETED: contact ' || r.contact_id
                        || ' was deleted; send restoreDeleted: true to bring it back (without its old data)' END
                WHERE %s AND r.status = 'DELETED'""".formatted(IN_CHUNK), acc, imp, a, b)
                .param("restore", options.restoreDeleted()).update();
        sql("UPDATE contact_import_row r SET status = 'CREATE' WHERE %s AND r.status = 'NEW'".formatted(IN_CHUNK),
                acc, imp, a, b).update();
        refuseTakenIdentifiers(acc, imp, a, b, cf);
        update(acc, imp, a, b, cf);
        insert(acc, imp, a, b);
        channels(acc, imp, a, b, options.replaceChannels());
        fields(acc, imp, a, b, ids);
        groups(acc, imp, a, b, options.groupNames());
        sql("""
                UPDATE contact_import_row r SET status = CASE r.status WHEN 'CREATE' THEN 'CREATED' ELSE 'UPDATED' END
                WHERE %s""".formatted(APPLIED), acc, imp, a, b).update();
    }

    private void match(UUID acc, UUID imp, ContactImports.Options options, int a, int b) {
        List<String> conditions = switch (options.dedupeOn()) {
            case "email" -> List.of("c.email = r.email");
            case "sms" -> List.of("c.phone = r.phone");
            case "email_or_sms" -> List.of("c.email = r.email", "c.phone = r.phone");
            case "externalCustomerId" -> List.of("c.external_customer_id = r.external");
            case "id" -> List.of("c.id = r.given_id");
            case "fieldId" -> List.of("""
                    c.id = v.contact_id AND v.account_id = :acc AND v.field_id = :field
                      AND v.value = r.fields ->> :fieldKey""");
            default -> throw new IllegalArgumentException(options.dedupeOn());
        };
        for (String condition : conditions) {
            sql("""
                    UPDATE contact_import_row r
                    SET contact_id = c.id, status = CASE WHEN c.deleted_at IS NULL THEN 'UPDATE' ELSE 'DELETED' END
                    FROM contact c%s
                    WHERE %s AND r.status = 'NEW' AND c.account_id = :acc AND %s"""
                            .formatted(options.dedupeOn().equals("fieldId") ? ", contact_field_value v" : "", IN_CHUNK,
                                    condition),
                    acc, imp, a, b)
                    .param("field", options.fieldId() == null ? 0L : options.fieldId())
                    .param("fieldKey", fieldKey(options))
                    .update();
        }
    }

    /** An entry may not give a contact an identifier another contact holds, or one an entry after it gives. */
    private void refuseTakenIdentifiers(UUID acc, UUID imp, int a, int b, String[] cf) {
        Map<String, String> identifiers = Map.of("email", "email", "sms", "phone", "externalCustomerId", "external");
        identifiers.forEach((attribute, column) -> {
            String contactColumn = switch (column) {
                case "external" -> "external_customer_id";
                default -> column;
            };
            String sets = "r.%s IS NOT NULL AND (r.status = 'CREATE' OR :cf::text[] IS NULL OR '%s' = ANY(:cf::text[]))"
                    .formatted(column, attribute);
            sql("""
                    UPDATE contact_import_row r SET status = 'REJECTED',
                        error = 'IDENTIFIER_IN_USE: %s ' || r.%s || ' belongs to contact ' || c.id
                    FROM contact c
                    WHERE %s AND %s AND c.account_id = :acc AND c.%s = r.%s AND c.id IS DISTINCT FROM r.contact_id"""
                    .formatted(attribute, column, APPLIED, sets, contactColumn, column), acc, imp, a, b)
                    .param("cf", cf, java.sql.Types.ARRAY).update();
            // Grouped, not a self-join: a chunk of 5 000 entries stays one hash aggregate.
            sql("""
                    UPDATE contact_import_row r SET status = 'REJECTED',
                        error = 'IDENTIFIER_IN_USE: %s ' || r.%s || ' is given again by entry ' || d.last
                    FROM (SELECT r.%s AS value, max(r.n) AS last FROM contact_import_row r
                          WHERE %s AND r.%s IS NOT NULL
                          GROUP BY r.%s HAVING count(DISTINCT coalesce(r.contact_id, -r.n)) > 1) d
                    WHERE %s AND %s AND r.%s = d.value AND r.n < d.last"""
                    .formatted(attribute, column, column, APPLIED, column, column, APPLIED, sets, column),
                    acc, imp, a, b)
                    .param("cf", cf, java.sql.Types.ARRAY).update();
        });
    }

    private void update(UUID acc, UUID imp, int a, int b, String[] cf) {
        sql("""
                UPDATE contact c SET
                    external_customer_id = CASE WHEN %s THEN r.external ELSE c.external_customer_id END,
                    email = CASE WHEN %s THEN r.email ELSE c.email END,
                    phone = CASE WHEN %s THEN r.phone ELSE c.phone END,
                    first_name = CASE WHEN %s THEN r.first_name ELSE c.first_name END,
                    last_name = CASE WHEN %s THEN r.last_name ELSE c.last_name END,
                    language_code = CASE WHEN %s THEN r.language_code ELSE c.language_code END,
                    time_zone = CASE WHEN %s THEN r.time_zone ELSE c.time_zone END,
                    address = CASE WHEN %s THEN r.address ELSE c.address END,
                    deleted_at = NULL, updated_at = now()
                FROM contact_import_row r
                WHERE %s AND r.status IN ('UPDATE', 'RESTORE') AND c.account_id = :acc AND c.id = r.contact_id"""
                .formatted(sets("externalCustomerId"), sets("email"), sets("sms"), sets("firstName"),
                        sets("lastName"), sets("languageCode"), sets("timeZone"), sets("address"), IN_CHUNK),
                acc, imp, a, b)
                .param("cf", cf, java.sql.Types.ARRAY).update();
    }

    private static String sets(String attribute) {
        return "('%1$s' = ANY(r.present) AND (r.status = 'RESTORE' OR :cf::text[] IS NULL OR '%1$s' = ANY(:cf::text[])))"
                .formatted(attribute);
    }

    /** New contacts take the account's next numbers, one counter update for the whole chunk. */
    private void insert(UUID acc, UUID imp, int a, int b) {
        int k = sql("SELECT count(*) FROM contact_import_row r WHERE %s AND r.status = 'CREATE'".formatted(IN_CHUNK),
                acc, imp, a, b).query(Integer.class).single();
        if (k == 0) {
            return;
        }
        long top = jdbc.sql("""
                        INSERT INTO contact_counter AS c (account_id, last_id) VALUES (?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET last_id = c.last_id + excluded.last_id
                        RETURNING last_id""")
                .params(acc, k).query(Long.class).single();
        sql("""
                UPDATE contact_import_row r SET contact_id = x.id
                FROM (SELECT n, :top - :k + row_number() OVER (ORDER BY n) AS id FROM contact_import_row r
                      WHERE %s AND r.status = 'CREATE') x
                WHERE r.import_id = :imp AND r.n = x.n""".formatted(IN_CHUNK), acc, imp, a, b)
                .param("top", top).param("k", k).update();
        // A contact another request created meanwhile with the same identifier: that entry is refused, not merged.
        sql("""
                INSERT INTO contact (id, account_id, external_customer_id, phone, email, first_name, last_name,
                    language_code, time_zone, address)
                SELECT r.contact_id, :acc, r.external, r.phone, r.email, r.first_name, r.last_name, r.language_code,
                    r.time_zone, r.address
                FROM contact_import_row r WHERE %s AND r.status = 'CREATE'
                ON CONFLICT DO NOTHING""".formatted(IN_CHUNK), acc, imp, a, b).update();
        sql("""
                UPDATE contact_import_row r SET status = 'REJECTED', contact_id = NULL,
                    error = 'CONFLICT: another request took one of its identifiers at the same time; send it again'
                WHERE %s AND r.status = 'CREATE'
                  AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.account_id = :acc AND c.id = r.contact_id)"""
                .formatted(IN_CHUNK), acc, imp, a, b).update();
    }

    private void channels(UUID acc, UUID imp, int a, int b, boolean replace) {
        sql("""
                DELETE FROM contact_channel cc USING contact_import_row r
                WHERE %s AND 'channels' = ANY(r.present) AND cc.account_id = :acc AND cc.contact_id = r.contact_id
                  AND (:replace OR cc.type IN (SELECT ch ->> 'type' FROM jsonb_array_elements(r.channels) ch))"""
                .formatted(APPLIED), acc, imp, a, b).param("replace", replace).update();
        sql("""
                INSERT INTO contact_channel (account_id, contact_id, type, value)
                SELECT :acc, r.contact_id, ch ->> 'type', ch ->> 'value'
                FROM contact_import_row r CROSS JOIN LATERAL jsonb_array_elements(r.channels) ch
                WHERE %s AND r.channels IS NOT NULL
                ON CONFLICT DO NOTHING""".formatted(APPLIED), acc, imp, a, b).update();
    }

    private void fields(UUID acc, UUID imp, int a, int b, Long[] ids) {
        String allowed = "(r.status = 'CREATE' OR :ids::bigint[] IS NULL OR f.key::bigint = ANY(:ids::bigint[]))";
        sql("""
                DELETE FROM contact_field_value v
                USING contact_import_row r CROSS JOIN LATERAL jsonb_each_text(r.fields) f
                WHERE %s AND r.fields IS NOT NULL AND f.value IS NULL AND %s
                  AND v.account_id = :acc AND v.contact_id = r.contact_id AND v.field_id = f.key::bigint"""
                .formatted(APPLIED, allowed), acc, imp, a, b).param("ids", ids, java.sql.Types.ARRAY).update();
        sql("""
                INSERT INTO contact_field_value (account_id, contact_id, field_id, value)
                SELECT :acc, r.contact_id, f.key::bigint, f.value
                FROM contact_import_row r CROSS JOIN LATERAL jsonb_each_text(r.fields) f
                WHERE %s AND r.fields IS NOT NULL AND f.value IS NOT NULL AND %s
                  AND EXISTS (SELECT 1 FROM contact_field d WHERE d.account_id = :acc AND d.id = f.key::bigint)
                ON CONFLICT (account_id, contact_id, field_id) DO UPDATE SET value = excluded.value"""
                .formatted(APPLIED, allowed), acc, imp, a, b).param("ids", ids, java.sql.Types.ARRAY).update();
    }

    /**
     * Static groups by name, made when missing; dynamic groups were refused when the request was read. The new
     * memberships are announced to what reacts to group joins.
     */
    private void groups(UUID acc, UUID imp, int a, int b, List<String> groupNames) {
        String[] names = groupNames == null ? new String[0] : groupNames.toArray(String[]::new);
        sql("""
                INSERT INTO contact_group (account_id, name, kind)
                SELECT DISTINCT :acc, g, 'static' FROM contact_import_row r CROSS JOIN LATERAL unnest(r.groups || :names::text[]) g
                WHERE %s
                ON CONFLICT (account_id, name) DO NOTHING""".formatted(APPLIED), acc, imp, a, b)
                .param("names", names, java.sql.Types.ARRAY).update();
        List<GroupJoins.Joined> joined = sql("""
                INSERT INTO contact_group_member (account_id, group_id, contact_id)
                SELECT DISTINCT :acc, cg.id, r.contact_id
                FROM contact_import_row r CROSS JOIN LATERAL unnest(r.groups || :names::text[]) g
                JOIN contact_group cg ON cg.account_id = :acc AND cg.name = g AND cg.kind = 'static'
                WHERE %s
                ON CONFLICT DO NOTHING RETURNING group_id, contact_id""".formatted(APPLIED), acc, imp, a, b)
                .param("names", names, java.sql.Types.ARRAY)
                .query((rs, i) -> new GroupJoins.Joined(rs.getLong(1), rs.getLong(2))).list();
        if (!joined.isEmpty()) {
            // The chunk's new memberships at once: what a group triggers starts for all of them together.
            joins.orderedStream().forEach(listener -> listener.joined(acc, joined));
        }
    }

    /** Brings the import's counts up to date with its entries. */
    void count(UUID acc, UUID imp) {
        jdbc.sql("""
                        UPDATE contact_import i SET
                            created = s.created, updated = s.updated, rejected = s.rejected, skipped = s.skipped
                        FROM (SELECT count(*) FILTER (WHERE status = 'CREATED') AS created,
                                     count(*) FILTER (WHERE status = 'UPDATED') AS updated,
                                     count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
                                     count(*) FILTER (WHERE status = 'SKIPPED') AS skipped
                              FROM contact_import_row WHERE import_id = :imp) s
                        WHERE i.account_id = :acc AND i.id = :imp""")
                .param("acc", acc).param("imp", imp).update();
    }

    /** Ends the import: counts, and only the refused and skipped entries kept. */
    void finish(UUID acc, UUID imp) {
        count(acc, imp);
        jdbc.sql("DELETE FROM contact_import_row WHERE import_id = ? AND status IN ('CREATED', 'UPDATED')").params(imp)
                .update();
        jdbc.sql("""
                        UPDATE contact_import SET status = 'FINISHED', finished_at = now(), locked_by = NULL,
                            locked_until = NULL
                        WHERE account_id = ? AND id = ?""").params(acc, imp).update();
    }

    private static String fieldKey(ContactImports.Options options) {
        return options.fieldId() == null ? "" : Long.toString(options.fieldId());
    }

    private JdbcClient.StatementSpec sql(String sql, UUID acc, UUID imp, int a, int b) {
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("imp", imp).param("a", a).param("b", b);
        return sql.contains(":acc") ? spec.param("acc", acc) : spec;
    }
}

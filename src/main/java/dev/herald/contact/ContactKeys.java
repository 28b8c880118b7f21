package dev.herald.contact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds, and when asked makes, the contacts many keys name at once (eSputnik's {@code keyValue} of events): a key
 * is one raw value tried as each of its kinds in order (e-mail, phone, externalCustomerId, contact id), normalised
 * as the contact table stores them. A handful of statements for any number of keys: one lookup, one counter update
 * and one insert for the missing, and one lookup again for those another request made meanwhile.
 */
@Component
public class ContactKeys {

    /** What a key may be a contact's identifier as. */
    public enum Kind {
        EMAIL("email"), PHONE("phone"), EXTERNAL_CUSTOMER_ID("externalCustomerId"), CONTACT_ID("contactId");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The identifier's JSON name. */
        public String field() {
            return field;
        }
    }

    /** A raw value and the kinds it is tried as, in order. */
    public record Key(String value, List<Kind> kinds) {}

    private final JdbcClient jdbc;

    ContactKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code value} can be an identifier of this kind at all (a phone number, an e-mail address, ...). */
    public static boolean fits(Kind kind, String value) {
        return normalised(kind, value) != null;
    }

    /**
     * The contact of each key: the first of its kinds that finds a live contact; with {@code create}, a key that
     * finds none makes one, holding the key as its first kind that a new contact can hold (a contact id cannot
     * be made). Keys absent from the answer found no contact and made none.
     */
    public Map<Key, Long> resolve(UUID accountId, List<Key> keys, boolean create) {
        List<Key> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<Key, Long> found = lookup(accountId, distinct);
        if (!create || found.size() == distinct.size()) {
            return found;
        }
        List<Key> missing = distinct.stream().filter(k -> !found.containsKey(k) && creatable(k) != null).toList();
        if (!missing.isEmpty()) {
            insert(accountId, missing);
            // Made here, or by another request at the same time (its insert won): found either way now.
            found.putAll(lookup(accountId, missing));
        }
        return found;
    }

    private Map<Key, Long> lookup(UUID accountId, List<Key> keys) {
        int n = keys.size();
        Integer[] ords = new Integer[n];
        String[][] values = new String[Kind.values().length][n];
        for (int i = 0; i < n; i++) {
            ords[i] = i;
            for (Kind kind : keys.get(i).kinds()) {
                values[kind.ordinal()][i] = normalised(kind, keys.get(i).value());
            }
        }
        Long[] ids = new Long[n];
        for (int i = 0; i < n; i++) {
            String id = values[Kind.CONTACT_ID.ordinal()][i];
            ids[i] = id == null ? null : Long.parseLong(id);
        }
        Map<Integer, Map<Kind, Long>> matches = new HashMap<>();
        // One index probe per key and kind, rather than one OR across four columns. Each probe is a LATERAL
        // subquery with LIMIT (never flattened into a join the planner may reorder): the plan stays a nested loop
        // over the keys whatever the statistics say. A plain join was planned with the contacts outside and the
        // keys inside when the table's statistics were stale (a new account's contacts made minutes ago), 10
        // million comparisons per 1 000 keys. The IS NOT NULL conditions let the planner use the partial unique
        // indexes (a join condition alone does not prove their predicate).
        jdbc.sql("""
                        WITH k AS (SELECT * FROM unnest(:ords::int[], :emails::text[], :phones::text[], :externals::text[],
                                                        :ids::bigint[]) AS k(ord, email, phone, external, id))
                        SELECT k.ord, c.id, 0 AS kind FROM k CROSS JOIN LATERAL (SELECT c.id FROM contact c
                            WHERE c.account_id = :acc AND c.email IS NOT NULL AND c.email = k.email
                              AND c.deleted_at IS NULL LIMIT 1) c
                        WHERE k.email IS NOT NULL
                        UNION ALL SELECT k.ord, c.id, 1 FROM k CROSS JOIN LATERAL (SELECT c.id FROM contact c
                            WHERE c.account_id = :acc AND c.phone IS NOT NULL AND c.phone = k.phone
                              AND c.deleted_at IS NULL LIMIT 1) c
                        WHERE k.phone IS NOT NULL
                        UNION ALL SELECT k.ord, c.id, 2 FROM k CROSS JOIN LATERAL (SELECT c.id FROM contact c
                            WHERE c.account_id = :acc AND c.external_customer_id IS NOT NULL
                              AND c.external_customer_id = k.external AND c.deleted_at IS NULL LIMIT 1) c
                        WHERE k.external IS NOT NULL
                        UNION ALL SELECT k.ord, c.id, 3 FROM k CROSS JOIN LATERAL (SELECT c.id FROM contact c
                            WHERE c.account_id = :acc AND c.id = k.id AND c.deleted_at IS NULL LIMIT 1) c
                        WHERE k.id IS NOT NULL""")
                .param("acc", accountId).param("ords", ords)
                .param("emails", values[Kind.EMAIL.ordinal()]).param("phones", values[Kind.PHONE.ordinal()])
                .param("externals", values[Kind.EXTERNAL_CUSTOMER_ID.ordinal()]).param("ids", ids)
                .query((rs, row) -> {
                    matches.computeIfAbsent(rs.getInt(1), o -> new HashMap<>())
                            .put(Kind.values()[rs.getInt(3)], rs.getLong(2));
                    return null;
                }).list();
        Map<Key, Long> found = new LinkedHashMap<>();
        matches.forEach((ord, byKind) -> {
            Key key = keys.get(ord);
            key.kinds().stream().filter(byKind::containsKey).findFirst().ifPresent(kind -> found.put(key, byKind.get(kind)));
        });
        return found;
    }

    /** New contacts take the account's next numbers, one counter update for all of them. */
    private void insert(UUID accountId, List<Key> missing) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (Key key : missing) {
            Kind kind = creatable(key);
            String value = normalised(kind, key.value());
            String[] row = new String[3];
            row[kind.ordinal()] = value;
            rows.putIfAbsent(kind + ":" + value, row);
        }
        List<String[]> made = new ArrayList<>(rows.values());
        int k = made.size();
        long top = jdbc.sql("""
                        INSERT INTO contact_counter AS c (account_id, last_id) VALUES (?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET last_id = c.last_id + excluded.last_id
                        RETURNING last_id""")
                .params(accountId, k).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO contact (id, account_id, email, phone, external_customer_id)
                        SELECT :top - :k + n.ord, :acc, n.email, n.phone, n.external
                        FROM unnest(:emails::text[], :phones::text[], :externals::text[]) WITH ORDINALITY
                             AS n(email, phone, external, ord)
                        ON CONFLICT DO NOTHING""")
                .param("top", top).param("k", k).param("acc", accountId)
                .param("emails", made.stream().map(r -> r[0]).toArray(String[]::new))
                .param("phones", made.stream().map(r -> r[1]).toArray(String[]::new))
                .param("externals", made.stream().map(r -> r[2]).toArray(String[]::new))
                .update();
    }

    /** The first kind of the key a new contact can hold the key as; null when none. */
    private static Kind creatable(Key key) {
        return key.kinds().stream().filter(kind -> kind != Kind.CONTACT_ID && fits(kind, key.value()))
                .findFirst().orElse(null);
    }

    private static String normalised(Kind kind, String raw) {
        String value = ContactIdentifiers.blankToNull(raw);
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case EMAIL -> value.indexOf('@') < 0 ? null : ContactIdentifiers.normalizeEmail(value);
            case PHONE -> value.indexOf('@') >= 0 ? null : ContactIdentifiers.normalizePhone(value);
            case EXTERNAL_CUSTOMER_ID -> value.length() > ContactIdentifiers.MAX_EXTERNAL_ID ? null : value;
            case CONTACT_ID -> value.matches("[1-9][0-9]{0,17}") ? value : null;
        };
    }
}

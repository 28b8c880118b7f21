package dev.herald.contact;

import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The contact table. Values come normalised ({@link ContactIdentifiers}); every query is per account. */
@Repository
public class Contacts {

    /** A contact's own columns, as stored. */
    record ContactData(String externalCustomerId, String phone, String email, String firstName, String lastName) {}

    /** An identifier other than contactId, by its JSON name and column. */
    enum Identifier {
        EXTERNAL_CUSTOMER_ID("externalCustomerId", "external_customer_id"),
        PHONE("phone", "phone"),
        EMAIL("email", "email");

        final String field;
        final String column;

        Identifier(String field, String column) {
            this.field = field;
            this.column = column;
        }

        String of(ContactData data) {
            return switch (this) {
                case EXTERNAL_CUSTOMER_ID -> data.externalCustomerId();
                case PHONE -> data.phone();
                case EMAIL -> data.email();
            };
        }
    }

    private final JdbcClient jdbc;

    Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Contact> find(UUID accountId, long id) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .params(accountId, id).query(Contacts::map).optional();
    }

    /**
     * The contact found by the first of externalCustomerId, phone, email that matches one (contactId is the
     * caller's: an unknown contactId is an error, not a miss).
     */
    Optional<Contact> lookup(UUID accountId, ContactIdentifiers ids) {
        if (ids.externalCustomerId() == null && ids.phone() == null && ids.email() == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT * FROM contact
                        WHERE account_id = :account
                          AND (external_customer_id = :external OR phone = :phone OR email = :email)
                        ORDER BY CASE WHEN external_customer_id = :external THEN 1 WHEN phone = :phone THEN 2 ELSE 3 END
                        LIMIT 1""")
                .param("account", accountId)
                .param("external", ids.externalCustomerId(), java.sql.Types.VARCHAR)
                .param("phone", ids.phone(), java.sql.Types.VARCHAR)
                .param("email", ids.email(), java.sql.Types.VARCHAR)
                .query(Contacts::map).optional();
    }

    /**
     * The contacts of many destinations in one statement, as {@link #find} (by contactId) and {@link #lookup} (by the
     * first of externalCustomerId, phone, email) find each: by position in {@code destinations}, absent when none.
     */
    Map<Integer, Contact> findAll(UUID accountId, List<ContactIdentifiers> destinations) {
        Map<Integer, Contact> found = new HashMap<>();
        if (destinations.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        WITH d AS (
                            SELECT * FROM unnest(:ids::bigint[], :externals::text[], :phones::text[], :emails::text[])
                                WITH ORDINALITY AS d(contact_id, external, phone, email, i))
                        SELECT d.i, c.* FROM d
                        JOIN contact c ON c.account_id = :account AND c.id = d.contact_id AND c.deleted_at IS NULL
                        UNION ALL
                        SELECT d.i, c.* FROM d
                        CROSS JOIN LATERAL (
                            SELECT * FROM contact x
                            WHERE x.account_id = :account
                              AND (x.external_customer_id = d.external OR x.phone = d.phone OR x.email = d.email)
                            ORDER BY CASE WHEN x.external_customer_id = d.external THEN 1 WHEN x.phone = d.phone THEN 2
                                          ELSE 3 END
                            LIMIT 1) c
                        WHERE d.contact_id IS NULL""")
                .param("account", accountId)
                .param("ids", destinations.stream().map(ContactIdentifiers::contactId).toArray(Long[]::new))
                .param("externals", destinations.stream().map(ContactIdentifiers::externalCustomerId).toArray(String[]::new))
                .param("phones", destinations.stream().map(ContactIdentifiers::phone).toArray(String[]::new))
                .param("emails", destinations.stream().map(ContactIdentifiers::email).toArray(String[]::new))
                .query((rs, row) -> found.put(rs.getInt("i") - 1, map(rs, row)))
                .list();
        return found;
    }

    /** The contact other than {@code exceptId} that holds {@code value} as {@code identifier}. */
    Optional<Long> holder(UUID accountId, Identifier identifier, String value, Long exceptId) {
        if (value == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id FROM contact WHERE account_id = ? AND " + identifier.column + " = ? AND id <> ?")
                .params(accountId, value, exceptId == null ? 0L : exceptId)
                .query(Long.class).optional();
    }

    /**
     * Stores a new contact under the account's next number: ids count per account, so they say nothing of other
     * accounts. A failed insert takes its number back with it (one statement).
     *
     * @throws org.springframework.dao.DuplicateKeyException when an identifier is another contact's
     */
    Contact insert(UUID accountId, ContactData data) {
        return jdbc.sql("""
                        WITH next AS (
                            INSERT INTO contact_counter AS c (account_id, last_id) VALUES (:account, 1)
                            ON CONFLICT (account_id) DO UPDATE SET last_id = c.last_id + 1
                            RETURNING last_id)
                        INSERT INTO contact (id, account_id, external_customer_id, phone, email, first_name, last_name)
                        SELECT next.last_id, :account, :external, :phone, :email, :firstName, :lastName FROM next
                        RETURNING *""")
                .param("account", accountId)
                .param("external", data.externalCustomerId(), java.sql.Types.VARCHAR)
                .param("phone", data.phone(), java.sql.Types.VARCHAR)
                .param("email", data.email(), java.sql.Types.VARCHAR)
                .param("firstName", data.firstName(), java.sql.Types.VARCHAR)
                .param("lastName", data.lastName(), java.sql.Types.VARCHAR)
                .query(Contacts::map).single();
    }

    /**
     * Sets every column of a contact.
     *
     * @throws org.springframework.dao.DuplicateKeyException when an identifier is another contact's
     */
    Optional<Contact> update(UUID accountId, long id, ContactData data) {
        return jdbc.sql("""
                        UPDATE contact
                        SET external_customer_id = ?, phone = ?, email = ?, first_name = ?, last_name = ?,
                            updated_at = now()
                        WHERE account_id = ? AND id = ?
                        RETURNING *""")
                .params(data.externalCustomerId(), data.phone(), data.email(), data.firstName(), data.lastName(),
                        accountId, id)
                .query(Contacts::map).optional();
    }

    /** Contacts matching every identifier given (none given: all), oldest first. */
    List<Contact> search(UUID accountId, ContactIdentifiers filter, Paging paging) {
        Where where = where(accountId, filter);
        return jdbc.sql("SELECT * FROM contact WHERE " + where.sql + " ORDER BY id LIMIT ? OFFSET ?")
                .params(append(where.params, paging.limit(), paging.offset()))
                .query(Contacts::map).list();
    }

    long count(UUID accountId, ContactIdentifiers filter) {
        Where where = where(accountId, filter);
        return jdbc.sql("SELECT count(*) FROM contact WHERE " + where.sql).params(where.params)
                .query(Long.class).single();
    }

    /** eSputnik's search of {@code GET contacts}: every criterion given must match; null ones are not asked. */
    record EsputnikFilter(String email, String phone, String externalCustomerId, Long groupId, String firstName,
                          String lastName) {}

    /** The ids of the live contacts matching {@code filter}, oldest first. */
    List<Long> searchIds(UUID accountId, EsputnikFilter filter, long offset, int limit) {
        Where where = where(accountId, filter);
        return jdbc.sql("SELECT id FROM contact WHERE " + where.sql + " ORDER BY id LIMIT ? OFFSET ?")
                .params(append(where.params, limit, offset)).query(Long.class).list();
    }

    long count(UUID accountId, EsputnikFilter filter) {
        Where where = where(accountId, filter);
        return jdbc.sql("SELECT count(*) FROM contact WHERE " + where.sql).params(where.params)
                .query(Long.class).single();
    }

    /** The e-mail addresses of live contacts among {@code ids}. */
    List<Map.Entry<Long, String>> emails(UUID accountId, Long[] ids) {
        return jdbc.sql("""
                        SELECT id, email FROM contact
                        WHERE account_id = ? AND id = ANY(?) AND deleted_at IS NULL AND email IS NOT NULL ORDER BY id""")
                .params(accountId, ids)
                .query((rs, row) -> Map.entry(rs.getLong("id"), rs.getString("email"))).list();
    }

    private static Where where(UUID accountId, EsputnikFilter filter) {
        StringBuilder sql = new StringBuilder("account_id = ? AND deleted_at IS NULL");
        List<Object> params = new ArrayList<>(List.of(accountId));
        String[][] columns = {{"email", filter.email()}, {"phone", filter.phone()},
                {"external_customer_id", filter.externalCustomerId()}};
        for (String[] column : columns) {
            if (column[1] != null) {
                sql.append(" AND ").append(column[0]).append(" = ?");
                params.add(column[1]);
            }
        }
        if (filter.firstName() != null) {
            sql.append(" AND lower(first_name) = lower(?)");
            params.add(filter.firstName());
        }
        if (filter.lastName() != null) {
            sql.append(" AND lower(last_name) = lower(?)");
            params.add(filter.lastName());
        }
        if (filter.groupId() != null) {
            sql.append(" AND id IN (SELECT contact_id FROM contact_group_member WHERE account_id = ? AND group_id = ?)");
            params.add(accountId);
            params.add(filter.groupId());
        }
        return new Where(sql.toString(), params);
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(UUID accountId, ContactIdentifiers filter) {
        StringBuilder sql = new StringBuilder("account_id = ? AND deleted_at IS NULL");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (filter.contactId() != null) {
            sql.append(" AND id = ?");
            params.add(filter.contactId());
        }
        for (Identifier identifier : Identifier.values()) {
            String value = switch (identifier) {
                case EXTERNAL_CUSTOMER_ID -> filter.externalCustomerId();
                case PHONE -> filter.phone();
                case EMAIL -> filter.email();
            };
            if (value != null) {
                sql.append(" AND ").append(identifier.column).append(" = ?");
                params.add(value);
            }
        }
        return new Where(sql.toString(), params);
    }

    /** A contact found or made by {@link #findOrCreate}. */
    public record Upserted(Contact contact, boolean created) {}

    /**
     * The account's contact with this (normalised) phone or e-mail, made when there is none: eSputnik's
     * {@code contact/subscribe}. Names fill only what the contact lacks.
     */
    public Upserted findOrCreate(UUID accountId, String phone, String email, String firstName, String lastName) {
        Optional<Contact> found = lookup(accountId, new ContactIdentifiers(null, null, phone, email));
        if (found.isPresent()) {
            Contact c = found.get();
            if ((c.firstName() == null && firstName != null) || (c.lastName() == null && lastName != null)) {
                jdbc.sql("""
                                UPDATE contact SET first_name = coalesce(first_name, ?), last_name = coalesce(last_name, ?),
                                                   updated_at = now()
                                WHERE account_id = ? AND id = ?""")
                        .params(firstName, lastName, accountId, c.id()).update();
            }
            return new Upserted(c, false);
        }
        return new Upserted(insert(accountId, new ContactData(null, phone, email, firstName, lastName)), true);
    }

    private static List<Object> append(List<Object> params, Object... more) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(more));
        return all;
    }

    private static Contact map(ResultSet rs, int row) throws SQLException {
        return new Contact(rs.getLong("id"), rs.getObject("account_id", UUID.class),
                rs.getString("external_customer_id"), rs.getString("phone"), rs.getString("email"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}

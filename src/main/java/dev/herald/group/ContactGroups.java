package dev.herald.group;

import dev.herald.web.ConflictException;
import dev.herald.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contact_group and contact_group_member tables, and the one place that says which contacts a group has:
 * {@link #members} gives the SQL condition (a static group's member rows, a dynamic group's compiled
 * conditions) that reading, counting and broadcasting all use, so a million-contact group stays in the database.
 */
@Repository
public class ContactGroups {

    private final JdbcClient jdbc;
    private final GroupConditions conditions;
    private final JsonMapper json;
    // Looked up when used: what reacts to joins uses this class itself.
    private final ObjectProvider<GroupJoins> joins;

    ContactGroups(JdbcClient jdbc, GroupConditions conditions, JsonMapper json, ObjectProvider<GroupJoins> joins) {
        this.jdbc = jdbc;
        this.conditions = conditions;
        this.json = json;
        this.joins = joins;
    }

    /** Creates a group; dynamic conditions must compile. 409 when the name is taken. */
    public ContactGroup create(UUID accountId, String name, String kind, JsonNode groupConditions) {
        if (groupConditions != null) {
            conditions.compile(accountId, groupConditions);
        }
        try {
            return jdbc.sql("""
                            INSERT INTO contact_group (account_id, name, kind, conditions) VALUES (?, ?, ?, ?::jsonb)
                            RETURNING *""")
                    .params(accountId, name, kind, groupConditions == null ? null : json.writeValueAsString(groupConditions))
                    .query(this::map).single();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A group named '" + name + "' already exists");
        }
    }

    /** Renames a group and, for a dynamic one, replaces its conditions. */
    public ContactGroup update(UUID accountId, long id, String name, JsonNode groupConditions) {
        ContactGroup group = get(accountId, id);
        if (groupConditions != null) {
            conditions.compile(accountId, groupConditions);
        }
        try {
            return jdbc.sql("""
                            UPDATE contact_group SET name = coalesce(?, name), conditions = coalesce(?::jsonb, conditions)
                            WHERE account_id = ? AND id = ? RETURNING *""")
                    .params(name, groupConditions == null || !group.dynamic() ? null : json.writeValueAsString(groupConditions),
                            accountId, id)
                    .query(this::map).single();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A group named '" + name + "' already exists");
        }
    }

    /** Deletes a group; 409 while a broadcast refers to it. */
    public void delete(UUID accountId, long id) {
        get(accountId, id);
        try {
            jdbc.sql("DELETE FROM contact_group WHERE account_id = ? AND id = ?").params(accountId, id).update();
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw new ConflictException("Group " + id + " is used by a broadcast; delete or keep it");
        }
    }

    public Optional<ContactGroup> find(UUID accountId, long id) {
        return jdbc.sql("SELECT * FROM contact_group WHERE account_id = ? AND id = ?")
                .params(accountId, id).query(this::map).optional();
    }

    /** The group; 404 when the account has none with this id. */
    public ContactGroup get(UUID accountId, long id) {
        return find(accountId, id).orElseThrow(() -> new NotFoundException("No group " + id));
    }

    public long count(UUID accountId, String nameContains) {
        return jdbc.sql("SELECT count(*) FROM contact_group WHERE account_id = ? AND name ILIKE ?")
                .params(accountId, like(nameContains)).query(Long.class).single();
    }

    /** Groups by id, optionally those whose name contains {@code nameContains}. */
    public List<ContactGroup> list(UUID accountId, String nameContains, long offset, int limit) {
        return jdbc.sql("SELECT * FROM contact_group WHERE account_id = ? AND name ILIKE ? ORDER BY id LIMIT ? OFFSET ?")
                .params(accountId, like(nameContains), limit, offset).query(this::map).list();
    }

    /** The SQL condition on {@code c} (the contact table) that a contact of the group meets. */
    public Where members(UUID accountId, ContactGroup group) {
        if (!group.dynamic()) {
            return new Where("EXISTS (SELECT 1 FROM contact_group_member gm WHERE gm.account_id = c.account_id "
                    + "AND gm.group_id = ? AND gm.contact_id = c.id)", List.of(group.id()));
        }
        return conditions.compile(accountId, group.conditions());
    }

    /** The contacts of the group (erased ones left out), counted in the database. */
    public long countMembers(UUID accountId, ContactGroup group) {
        Where where = members(accountId, group);
        List<Object> params = new ArrayList<>();
        params.add(accountId);
        params.addAll(where.params());
        return jdbc.sql("SELECT count(*) FROM contact c WHERE c.account_id = ? AND c.deleted_at IS NULL AND (" + where.sql() + ")")
                .params(params).query(Long.class).single();
    }

    /** A page of the group's contact ids in id order. */
    public List<Long> memberIds(UUID accountId, ContactGroup group, long offset, int limit) {
        Where where = members(accountId, group);
        List<Object> params = new ArrayList<>();
        params.add(accountId);
        params.addAll(where.params());
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT c.id FROM contact c WHERE c.account_id = ? AND c.deleted_at IS NULL AND ("
                        + where.sql() + ") ORDER BY c.id LIMIT ? OFFSET ?")
                .params(params).query(Long.class).list();
    }

    /** Adds the account's contacts among {@code contactIds} to a static group; answers how many were new. */
    public int attach(UUID accountId, ContactGroup group, List<Long> contactIds) {
        requireStatic(group);
        List<GroupJoins.Joined> joined = jdbc.sql("""
                        INSERT INTO contact_group_member (account_id, group_id, contact_id)
                        SELECT c.account_id, ?, c.id FROM contact c
                        WHERE c.account_id = ? AND c.id = ANY(?) AND c.deleted_at IS NULL
                        ON CONFLICT DO NOTHING RETURNING group_id, contact_id""")
                .params(group.id(), accountId, contactIds.toArray(Long[]::new))
                .query((rs, i) -> new GroupJoins.Joined(rs.getLong(1), rs.getLong(2))).list();
        if (!joined.isEmpty()) {
            joins.orderedStream().forEach(listener -> listener.joined(accountId, joined));
        }
        return joined.size();
    }

    /** Removes contacts from a static group, by id or externalCustomerId; none named: every member. */
    public int detach(UUID accountId, ContactGroup group, List<Long> contactIds, List<String> externalCustomerIds) {
        requireStatic(group);
        if (contactIds.isEmpty() && externalCustomerIds.isEmpty()) {
            return jdbc.sql("DELETE FROM contact_group_member WHERE account_id = ? AND group_id = ?")
                    .params(accountId, group.id()).update();
        }
        return jdbc.sql("""
                        DELETE FROM contact_group_member gm WHERE gm.account_id = ? AND gm.group_id = ?
                          AND (gm.contact_id = ANY(?) OR gm.contact_id IN (
                              SELECT c.id FROM contact c WHERE c.account_id = ? AND c.external_customer_id = ANY(?)))""")
                .params(accountId, group.id(), contactIds.toArray(Long[]::new), accountId,
                        externalCustomerIds.toArray(String[]::new))
                .update();
    }

    private static void requireStatic(ContactGroup group) {
        if (group.dynamic()) {
            throw new ConflictException("Group " + group.id() + " is dynamic: its conditions choose its contacts");
        }
    }

    private static String like(String contains) {
        if (contains == null || contains.isBlank()) {
            return "%";
        }
        return "%" + contains.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private ContactGroup map(ResultSet rs, int row) throws SQLException {
        String conditionsJson = rs.getString("conditions");
        return new ContactGroup(rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                conditionsJson == null ? null : json.readTree(conditionsJson), rs.getTimestamp("created_at").toInstant());
    }
}

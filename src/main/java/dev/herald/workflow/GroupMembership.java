package dev.herald.workflow;

import dev.herald.group.ContactGroup;
import dev.herald.group.ContactGroups;
import dev.herald.group.Where;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Whether a contact is in a group now: a static group's members, or a dynamic group's conditions evaluated in SQL. */
@Component
class GroupMembership {

    private final ContactGroups groups;
    private final JdbcClient jdbc;

    GroupMembership(ContactGroups groups, JdbcClient jdbc) {
        this.groups = groups;
        this.jdbc = jdbc;
    }

    boolean isMember(UUID accountId, long groupId, long contactId) {
        Optional<ContactGroup> group = groups.find(accountId, groupId);
        if (group.isEmpty()) {
            return false;
        }
        Where members = groups.members(accountId, group.get());
        List<Object> params = new ArrayList<>();
        params.add(accountId);
        params.add(contactId);
        params.addAll(members.params());
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM contact c WHERE c.account_id = ? AND c.id = ? AND c.deleted_at IS NULL AND ("
                        + members.sql() + "))")
                .params(params).query(Boolean.class).single();
    }
}

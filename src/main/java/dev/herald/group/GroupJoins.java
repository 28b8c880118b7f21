package dev.herald.group;

import java.util.List;
import java.util.UUID;

/**
 * What reacts to contacts joining a static group (workflows a group triggers). Every way a contact joins one (the
 * attach API and the console, a workflow's update step, contact imports and upserts, the subscription form) calls
 * it in the statement's transaction with the memberships that did not exist before, once per statement: an
 * implementation works on the whole list.
 */
public interface GroupJoins {

    /** A contact that joined a static group. */
    record Joined(long groupId, long contactId) {}

    void joined(UUID accountId, List<Joined> joins);
}

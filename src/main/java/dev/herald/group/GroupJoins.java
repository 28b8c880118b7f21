package dev.herald.group;

import java.util.List;
import java.util.UUID;

/**
 * What reacts to contacts joining a static group (workflows a group triggers). Called in the statement's
 * transaction with the contacts that were not members before; implementations work on the whole list.
 */
public interface GroupJoins {

    void joined(UUID accountId, long groupId, List<Long> contactIds);
}

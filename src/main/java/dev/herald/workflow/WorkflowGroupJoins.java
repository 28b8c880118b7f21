package dev.herald.workflow;

import dev.herald.group.GroupJoins;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Contacts added to a static group start the workflows that group triggers. */
@Component
class WorkflowGroupJoins implements GroupJoins {

    private final Workflows workflows;
    private final RunStarter starter;

    WorkflowGroupJoins(Workflows workflows, RunStarter starter) {
        this.workflows = workflows;
        this.starter = starter;
    }

    @Override
    public void joined(UUID accountId, long groupId, List<Long> contactIds) {
        for (Workflows.Version version : workflows.triggered(accountId, "group", List.of(String.valueOf(groupId)))) {
            starter.start(accountId, version,
                    contactIds.stream().map(id -> new RunStarter.Entry(id, java.util.Map.of(), null)).toList());
        }
    }
}

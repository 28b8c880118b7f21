package dev.herald.workflow;

import dev.herald.group.GroupJoins;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Contacts added to static groups start the workflows those groups trigger: one look-up of the triggered workflows
 * for all the groups joined, then one INSERT of runs per such workflow, however many contacts joined.
 */
@Component
class WorkflowGroupJoins implements GroupJoins {

    private final Workflows workflows;
    private final RunStarter starter;

    WorkflowGroupJoins(Workflows workflows, RunStarter starter) {
        this.workflows = workflows;
        this.starter = starter;
    }

    @Override
    public void joined(UUID accountId, List<Joined> joins) {
        Map<Long, List<RunStarter.Entry>> byGroup = joins.stream().collect(Collectors.groupingBy(Joined::groupId,
                LinkedHashMap::new, Collectors.mapping(j -> new RunStarter.Entry(j.contactId(), Map.of(), null),
                        Collectors.toList())));
        List<String> keys = byGroup.keySet().stream().map(String::valueOf).toList();
        for (Workflows.Version version : workflows.triggered(accountId, "group", keys)) {
            long group = ((Definition.GroupTrigger) version.definition().trigger()).groupId();
            starter.start(accountId, version, byGroup.getOrDefault(group, List.of()));
        }
    }
}

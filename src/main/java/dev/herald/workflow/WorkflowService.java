package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.group.ContactGroups;
import dev.herald.web.ConflictException;
import dev.herald.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Creating, editing and changing the status of workflows; each change in one transaction. */
@Service
class WorkflowService {

    private final Workflows workflows;
    private final ContactGroups groups;
    private final TriggerTimes triggerTimes;
    private final JdbcClient jdbc;
    private final Runs runs;
    private final Clock clock;

    WorkflowService(Workflows workflows, ContactGroups groups, TriggerTimes triggerTimes, JdbcClient jdbc, Runs runs,
                    Clock clock) {
        this.workflows = workflows;
        this.groups = groups;
        this.triggerTimes = triggerTimes;
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
    }

    @Transactional
    Workflow create(AccountId account, JsonNode source) {
        Definition definition = read(account, source);
        return workflows.create(account.value(), source, definition, "ACTIVE", triggerTimes.first(account, definition));
    }

    @Transactional
    Workflow update(AccountId account, long id, JsonNode source) {
        Workflow current = workflows.get(account.value(), id);
        if (current.status().equals("ARCHIVED")) {
            throw new ConflictException("Workflow " + id + " is archived");
        }
        Definition definition = read(account, source);
        return workflows.newVersion(account.value(), id, source, definition,
                current.status().equals("ACTIVE") ? triggerTimes.first(account, definition) : null);
    }

    @Transactional
    void delete(AccountId account, long id) {
        if (!workflows.delete(account.value(), id)) {
            throw new NotFoundException("No workflow " + id);
        }
    }

    @Transactional
    Workflow pause(AccountId account, long id) {
        return status(account, id, "PAUSED", null);
    }

    @Transactional
    Workflow resume(AccountId account, long id) {
        Workflow current = workflows.get(account.value(), id);
        Definition definition = workflows.definition(account.value(), id, current.version());
        Workflow resumed = status(account, id, "ACTIVE", triggerTimes.first(account, definition));
        runs.wake();
        return resumed;
    }

    /** Archives the workflow and cancels its running runs. */
    @Transactional
    Workflow archive(AccountId account, long id) {
        Workflow archived = status(account, id, "ARCHIVED", null);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        UPDATE workflow_run SET status = 'CANCELLED', end_reason = 'archived', ended_at = ?,
                            wait_kind = NULL, wait_type = NULL
                        WHERE account_id = ? AND workflow_id = ? AND status = 'ACTIVE'""")
                .params(now, account.value(), id).update();
        jdbc.sql("""
                        UPDATE workflow_run_step SET finished_at = ?, outcome = 'archived'
                        WHERE account_id = ? AND workflow_id = ? AND finished_at IS NULL""")
                .params(now, account.value(), id).update();
        return archived;
    }

    private Workflow status(AccountId account, long id, String status, Instant nextFireAt) {
        Workflow current = workflows.get(account.value(), id);
        if (current.status().equals("ARCHIVED")) {
            throw new ConflictException("Workflow " + id + " is archived");
        }
        workflows.setStatus(account.value(), id, status, nextFireAt);
        return workflows.get(account.value(), id);
    }

    private Definition read(AccountId account, JsonNode source) {
        return DefinitionReader.read(source, group -> groups.find(account.value(), group).isPresent());
    }
}

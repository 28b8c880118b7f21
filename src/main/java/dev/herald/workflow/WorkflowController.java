package dev.herald.workflow;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Automation workflows (docs/workflows.md): definitions as JSON, each edit a new version; pause, resume, archive;
 * runs with their step history, per workflow and per contact; statistics per step.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Workflows", description = "Triggered automation: events, group joins, dates and schedules start runs "
        + "through sends, delays, conditions, waits, digests, splits, webhooks and contact updates. API group: full.")
class WorkflowController {

    private final WorkflowService service;
    private final Workflows workflows;
    private final RunHistory history;
    private final WorkflowStats stats;
    private final Audit audit;

    WorkflowController(WorkflowService service, Workflows workflows, RunHistory history, WorkflowStats stats,
                       Audit audit) {
        this.service = service;
        this.workflows = workflows;
        this.history = history;
        this.stats = stats;
        this.audit = audit;
    }

    @PostMapping("/workflows")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a workflow", description = "The definition of docs/workflows.md; it is ACTIVE at once.")
    @ApiResponse(responseCode = "400", description = "The definition is invalid (every problem named by its field path)")
    Workflow create(AccountId account, @RequestBody JsonNode definition) {
        Workflow created = service.create(account, definition);
        audit.record(account, "workflow.create", created.id(), Map.of("name", created.name()));
        return created;
    }

    @GetMapping("/workflows")
    @Operation(summary = "List workflows", description = "Newest first; TotalCount header.")
    ResponseEntity<List<Workflow>> list(AccountId account, @RequestParam(required = false) Integer page,
                                        @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return ResponseEntity.ok().header("TotalCount", String.valueOf(workflows.count(account.value())))
                .body(workflows.list(account.value(), paging.offset(), paging.limit()));
    }

    @GetMapping("/workflows/{id}")
    @ApiResponse(responseCode = "404", description = "No such workflow in this account")
    Workflow get(AccountId account, @PathVariable long id) {
        return workflows.get(account.value(), id);
    }

    @PutMapping("/workflows/{id}")
    @Operation(summary = "Edit a workflow", description = "Writes a new version: new runs start on it, running ones "
            + "finish on the version they started on.")
    @ApiResponse(responseCode = "400", description = "The definition is invalid")
    @ApiResponse(responseCode = "404", description = "No such workflow in this account")
    @ApiResponse(responseCode = "409", description = "The workflow is archived")
    Workflow update(AccountId account, @PathVariable long id, @RequestBody JsonNode definition) {
        Workflow updated = service.update(account, id, definition);
        audit.record(account, "workflow.update", id, Map.of("version", updated.version()));
        return updated;
    }

    @DeleteMapping("/workflows/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a workflow with its runs and their history")
    @ApiResponse(responseCode = "404", description = "No such workflow in this account")
    void delete(AccountId account, @PathVariable long id) {
        service.delete(account, id);
        audit.record(account, "workflow.delete", id);
    }

    @PostMapping("/workflows/{id}/pause")
    @Operation(summary = "Pause a workflow", description = "No run starts, no run moves on until it is resumed.")
    Workflow pause(AccountId account, @PathVariable long id) {
        return changed(account, id, "pause", service.pause(account, id));
    }

    @PostMapping("/workflows/{id}/resume")
    @Operation(summary = "Resume a paused workflow", description = "Runs whose time came meanwhile move on at once.")
    Workflow resume(AccountId account, @PathVariable long id) {
        return changed(account, id, "resume", service.resume(account, id));
    }

    @PostMapping("/workflows/{id}/archive")
    @Operation(summary = "Archive a workflow", description = "Its running runs end (CANCELLED); it cannot be resumed.")
    Workflow archive(AccountId account, @PathVariable long id) {
        return changed(account, id, "archive", service.archive(account, id));
    }

    @GetMapping("/workflows/{id}/runs")
    @Operation(summary = "A workflow's runs with their steps", description = "Newest first; TotalCount header; "
            + "contactId narrows to one contact.")
    ResponseEntity<List<RunHistory.RunView>> runs(AccountId account, @PathVariable long id,
                                                  @RequestParam(required = false) Long contactId,
                                                  @RequestParam(required = false) Integer page,
                                                  @RequestParam(required = false) Integer limit) {
        workflows.get(account.value(), id);
        Paging paging = Paging.of(page, limit);
        return ResponseEntity.ok()
                .header("TotalCount", String.valueOf(history.countOfWorkflow(account.value(), id, contactId)))
                .body(history.ofWorkflow(account.value(), id, contactId, paging.offset(), paging.limit()));
    }

    @GetMapping("/workflows/{id}/stats")
    @Operation(summary = "A workflow's statistics", description = "Runs by status; per step: entered, waiting, sent, "
            + "delivered, clicked, exitedByStopEvent.")
    WorkflowStats.Stats stats(AccountId account, @PathVariable long id) {
        workflows.get(account.value(), id);
        return stats.of(account.value(), id);
    }

    @GetMapping("/contact/{id}/workflow-runs")
    @Operation(summary = "A contact's workflow runs with their steps", description = "Newest first.")
    List<RunHistory.RunView> contactRuns(AccountId account, @PathVariable long id,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return history.ofContact(account.value(), id, paging.offset(), paging.limit());
    }

    private Workflow changed(AccountId account, long id, String action, Workflow workflow) {
        audit.record(account, "workflow." + action, id);
        return workflow;
    }
}

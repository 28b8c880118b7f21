package dev.herald.workflow;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.group.ContactGroups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * What the console shows and does with workflows, as public views of the engine's package-private types: the list
 * with run counts, a workflow's steps with their links and statistics (for its graph), a preview of a definition
 * being edited, runs with their steps, and the same changes as the API (audited alike).
 */
@Service
public class WorkflowConsole {

    private static final int LIST_LIMIT = 100;

    /** {@code entered} runs in all; {@code waiting} running now; {@code finished} ended; {@code completed} reached a stop step. */
    public record Summary(long id, String name, String trigger, String status, int version, long entered, long waiting,
                          long finished, long completed, long clicked) {}

    /** A pointer of a step: its label (empty for a plain next) and the step it leads to. */
    public record Link(String label, String target) {}

    public record Box(String name, String type, List<String> settings, List<Link> links, long entered, long waiting,
                      long sent, long clicked) {}

    public record Graph(String start, List<Box> steps) {}

    public record Detail(Summary summary, String definition, Graph graph) {}

    public record StepEntry(int seq, String step, String type, Instant enteredAt, Instant finishedAt, String outcome,
                            Map<String, Object> detail, UUID messageId) {}

    public record RunEntry(long id, long workflowId, int version, long contactId, String status, String endReason,
                           Instant startedAt, Instant endedAt, List<StepEntry> steps) {}

    private final WorkflowService service;
    private final Workflows workflows;
    private final WorkflowStats stats;
    private final RunHistory history;
    private final ContactGroups groups;
    private final Audit audit;
    private final JdbcClient jdbc;

    WorkflowConsole(WorkflowService service, Workflows workflows, WorkflowStats stats, RunHistory history,
                    ContactGroups groups, Audit audit, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.service = service;
        this.workflows = workflows;
        this.stats = stats;
        this.history = history;
        this.groups = groups;
        this.audit = audit;
    }

    /** The newest 100 workflows with their counts (two statistics queries for them all). */
    public List<Summary> list(AccountId account) {
        List<Workflow> newest = workflows.list(account.value(), 0, LIST_LIMIT);
        Map<Long, WorkflowStats.Totals> totals = stats.totals(account.value(), newest.stream().map(Workflow::id).toList());
        WorkflowStats.Totals none = new WorkflowStats.Totals(0, Map.of(), 0);
        return newest.stream().map(w -> summary(w, totals.getOrDefault(w.id(), none))).toList();
    }

    public Detail detail(AccountId account, long id) {
        Workflow workflow = workflows.get(account.value(), id);
        WorkflowStats.Stats counts = stats.of(account.value(), id);
        Definition definition = workflows.definition(account.value(), id, workflow.version());
        return new Detail(summary(workflow, new WorkflowStats.Totals(counts)), workflow.definition().toPrettyString(),
                graph(definition, counts.steps()));
    }

    /** The graph of a definition being edited, or the API's 400 problems (as InvalidRequestException). */
    public Graph preview(AccountId account, JsonNode source) {
        return graph(read(account, source), Map.of());
    }

    public long create(AccountId account, JsonNode source) {
        Workflow created = service.create(account, source);
        audit.record(account, "workflow.create", created.id(), Map.of("name", created.name()));
        return created.id();
    }

    /** A new version; returns its number. */
    public int update(AccountId account, long id, JsonNode source) {
        Workflow updated = service.update(account, id, source);
        audit.record(account, "workflow.update", id, Map.of("version", updated.version()));
        return updated.version();
    }

    public void pause(AccountId account, long id) {
        service.pause(account, id);
        audit.record(account, "workflow.pause", id);
    }

    public void resume(AccountId account, long id) {
        service.resume(account, id);
        audit.record(account, "workflow.resume", id);
    }

    public void archive(AccountId account, long id) {
        service.archive(account, id);
        audit.record(account, "workflow.archive", id);
    }

    /** The workflow's source as stored, for the editor. */
    public String source(AccountId account, long id) {
        return workflows.get(account.value(), id).definition().toPrettyString();
    }

    public String name(AccountId account, long id) {
        return workflows.get(account.value(), id).name();
    }

    /** The names of the given workflows of the account, by id (for a contact's runs of several). */
    public Map<Long, String> names(AccountId account, java.util.Collection<Long> ids) {
        Map<Long, String> names = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, name FROM workflow WHERE account_id = ? AND id = ANY(?)")
                    .params(account.value(), ids.toArray(Long[]::new))
                    .query(rs -> {
                        names.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return names;
    }

    public List<RunEntry> runsOfWorkflow(AccountId account, long id, Long contactId, int limit) {
        workflows.get(account.value(), id);
        return history.ofWorkflow(account.value(), id, contactId, 0, limit).stream().map(WorkflowConsole::entry).toList();
    }

    public List<RunEntry> runsOfContact(AccountId account, long contactId, int limit) {
        return history.ofContact(account.value(), contactId, 0, limit).stream().map(WorkflowConsole::entry).toList();
    }

    private Definition read(AccountId account, JsonNode source) {
        return DefinitionReader.read(source, group -> groups.find(account.value(), group).isPresent());
    }

    private static RunEntry entry(RunHistory.RunView run) {
        return new RunEntry(run.id(), run.workflowId(), run.version(), run.contactId(), run.status(), run.endReason(),
                run.startedAt(), run.endedAt(), run.steps().stream().map(s -> new StepEntry(s.seq(), s.step(), s.type(),
                        s.enteredAt(), s.finishedAt(), s.outcome(), s.detail(), s.messageId())).toList());
    }

    private static Summary summary(Workflow workflow, WorkflowStats.Totals counts) {
        Map<String, Long> byStatus = counts.runsByStatus();
        long waiting = byStatus.getOrDefault("ACTIVE", 0L);
        return new Summary(workflow.id(), workflow.name(), trigger(workflow.definition().path("trigger")),
                workflow.status(), workflow.version(), counts.runs(), waiting, counts.runs() - waiting,
                byStatus.getOrDefault("COMPLETED", 0L), counts.clicked());
    }

    private static String trigger(JsonNode trigger) {
        return switch (trigger.path("type").asString("")) {
            case "event" -> "event " + trigger.path("eventTypeKey").asString("");
            case "group" -> "joins group " + trigger.path("groupId").asString("");
            case "date" -> "date field " + trigger.path("field").asString("") + " at "
                    + trigger.path("at").asString("09:00");
            case "schedule" -> "every " + trigger.path("every").asString("")
                    + (trigger.hasNonNull("dayOfWeek") ? " " + trigger.path("dayOfWeek").asString("") : "")
                    + " at " + trigger.path("at").asString("09:00") + ", group " + trigger.path("groupId").asString("");
            default -> "?";
        };
    }

    private static Graph graph(Definition definition, Map<String, WorkflowStats.Counts> counts) {
        List<Box> boxes = new ArrayList<>();
        definition.steps().forEach((name, step) -> {
            WorkflowStats.Counts c = counts.get(name);
            boxes.add(new Box(name, step.type(), settings(step), links(step), c == null ? 0 : c.entered(),
                    c == null ? 0 : c.waiting(), c == null ? 0 : c.sent(), c == null ? 0 : c.clicked()));
        });
        return new Graph(definition.start(), boxes);
    }

    private static List<Link> links(Definition.Step step) {
        if (step instanceof Definition.Split split) {
            return split.branches().stream().map(b -> new Link(b.name() + " " + b.percent() + "%", b.then())).toList();
        }
        return step.next().entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> new Link(e.getKey().equals("next") ? "" : e.getKey(), e.getValue())).toList();
    }

    /** The one or two settings that say what a step does, short enough for its box. */
    private static List<String> settings(Definition.Step step) {
        return switch (step) {
            case Definition.Send s -> List.of(s.templateId() != null ? "template " + s.templateId()
                    : "channels " + s.channels().size());
            case Definition.Delay d -> List.of(d.duration() != null ? "for " + d.duration()
                    : d.at() != null ? "until " + d.at() : "until " + d.untilParam());
            case Definition.Condition c -> List.of(c.rules().size() + " rule" + (c.rules().size() == 1 ? "" : "s")
                    + (c.any() ? ", any" : ", all"));
            case Definition.WaitForEvent w -> List.of(w.eventTypeKey(), "timeout " + w.timeout());
            case Definition.Digest d -> List.of(d.eventTypeKey(), "window " + d.window());
            case Definition.Split s -> List.of(s.branches().stream().map(b -> b.percent() + "%")
                    .collect(Collectors.joining(" / ")));
            case Definition.Webhook w -> List.of(String.valueOf(w.url().getHost()));
            case Definition.UpdateContact u -> List.of(u.fields().size() + " fields, +" + u.addToGroups().size()
                    + " / -" + u.removeFromGroups().size() + " groups");
            case Definition.Stop s -> List.of();
        };
    }
}

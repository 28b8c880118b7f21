package dev.herald.console;

import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.workflow.WorkflowConsole;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workflows in the browser (docs/workflows.md): the list with run counts and conversion, a workflow's graph drawn
 * on the server with per-step counts and its latest runs, pause, resume and archive (after a confirmation), and an
 * editor of the JSON definition whose graph and validation problems are shown as it is typed.
 */
@Controller
class WorkflowsPage {

    /** The editor's textarea holds at most this much (a definition of 100 steps fits easily). */
    private static final int MAX_SOURCE = 200_000;
    private static final int RUNS_SHOWN = 20;

    private static final String EXAMPLE = """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "eventTypeKey": "signedUp"},
              "start": "wait",
              "steps": {
                "wait": {"type": "delay", "duration": "PT1H", "next": "hello"},
                "hello": {"type": "send", "channels": {"email": {"subject": "Welcome", "text": "Hello!"}}, "next": "end"},
                "end": {"type": "stop"}
              }
            }""";

    private final WorkflowConsole workflows;
    private final JsonMapper json;

    WorkflowsPage(WorkflowConsole workflows, JsonMapper json) {
        this.workflows = workflows;
        this.json = json;
    }

    @GetMapping("/console/workflows")
    String list(ConsoleUser user, Model model) {
        model.addAttribute("workflows", workflows.list(user.account()));
        return "console/workflows";
    }

    @GetMapping("/console/workflows/{id}")
    String workflow(ConsoleUser user, @PathVariable long id, @RequestParam(required = false) Long contactId,
                    Model model) {
        WorkflowConsole.Detail detail = workflows.detail(user.account(), id);
        model.addAttribute("workflow", detail.summary());
        model.addAttribute("graph", WorkflowGraph.svg(detail.graph(), true));
        model.addAttribute("steps", WorkflowGraph.ordered(detail.graph()));
        model.addAttribute("contactId", contactId);
        model.addAttribute("runs", workflows.runsOfWorkflow(user.account(), id, contactId, RUNS_SHOWN));
        return "console/workflow";
    }

    @GetMapping("/console/workflows/new")
    String create(Model model) {
        return editor(model, null, "New workflow", EXAMPLE);
    }

    @GetMapping("/console/workflows/{id}/edit")
    String edit(ConsoleUser user, @PathVariable long id, Model model) {
        return editor(model, id, "Edit " + workflows.name(user.account(), id), workflows.source(user.account(), id));
    }

    /** The graph of the definition being typed, or what is wrong with it (asked for by the editor with htmx). */
    @PostMapping("/console/workflows/preview")
    String preview(ConsoleUser user, @RequestParam(defaultValue = "") String definition, Model model) {
        previewInto(user, definition, model);
        return "console/workflow-edit :: preview";
    }

    @PostMapping("/console/workflows")
    String save(ConsoleUser user, @RequestParam(defaultValue = "") String definition,
                @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes flash) {
        return saveOrPreview(user, null, definition, action, model, flash);
    }

    @PostMapping("/console/workflows/{id}")
    String update(ConsoleUser user, @PathVariable long id, @RequestParam(defaultValue = "") String definition,
                  @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes flash) {
        workflows.name(user.account(), id);
        return saveOrPreview(user, id, definition, action, model, flash);
    }

    @PostMapping("/console/workflows/{id}/pause")
    String pause(ConsoleUser user, @PathVariable long id, RedirectAttributes flash) {
        workflows.pause(user.account(), id);
        flash.addFlashAttribute("notice", "Paused: no run starts and no run moves on until you resume.");
        return "redirect:/console/workflows/" + id;
    }

    @PostMapping("/console/workflows/{id}/resume")
    String resume(ConsoleUser user, @PathVariable long id, RedirectAttributes flash) {
        workflows.resume(user.account(), id);
        flash.addFlashAttribute("notice", "Resumed: runs whose time came meanwhile move on now.");
        return "redirect:/console/workflows/" + id;
    }

    @GetMapping("/console/workflows/{id}/archive")
    String confirmArchive(ConsoleUser user, @PathVariable long id, Model model) {
        String path = "/console/workflows/" + id;
        return new Confirmation("Archive «" + workflows.name(user.account(), id) + "»?",
                "Its running runs end (cancelled) and nothing starts it again; an archived workflow cannot be resumed "
                        + "or edited. Its runs and statistics stay.",
                "Archive", path + "/archive", path).show(model, "workflows", null);
    }

    @PostMapping("/console/workflows/{id}/archive")
    String archive(ConsoleUser user, @PathVariable long id,
                   @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                   RedirectAttributes flash) {
        workflows.name(user.account(), id); // another account's workflow is not found, confirmed or not
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/workflows/" + id + "/archive");
        }
        workflows.archive(user.account(), id);
        flash.addFlashAttribute("notice", "Archived: its running runs were cancelled; it cannot be resumed.");
        return "redirect:/console/workflows/" + id;
    }

    private String saveOrPreview(ConsoleUser user, Long id, String definition, String action, Model model,
                                 RedirectAttributes flash) {
        String title = id == null ? "New workflow" : "Edit " + workflows.name(user.account(), id);
        if (!action.equals("save")) {
            previewInto(user, definition, model);
            return editor(model, id, title, definition);
        }
        try {
            JsonNode source = parse(definition);
            if (id == null) {
                long created = workflows.create(user.account(), source);
                flash.addFlashAttribute("notice", "Created the workflow; it is live and its trigger starts runs now.");
                return "redirect:/console/workflows/" + created;
            }
            int version = workflows.update(user.account(), id, source);
            flash.addFlashAttribute("notice", "Saved as version " + version + ": new runs start on it, runs "
                    + "already under way finish on the version they started on.");
            return "redirect:/console/workflows/" + id;
        } catch (InvalidRequestException e) {
            model.addAttribute("problems", e.problems());
        } catch (ConflictException e) {
            model.addAttribute("problems", List.of(new FieldProblem("status", e.getMessage())));
        }
        return editor(model, id, title, definition);
    }

    private void previewInto(ConsoleUser user, String definition, Model model) {
        try {
            model.addAttribute("graph", WorkflowGraph.svg(workflows.preview(user.account(), parse(definition)), false));
        } catch (InvalidRequestException e) {
            model.addAttribute("problems", e.problems());
        }
    }

    private JsonNode parse(String definition) {
        if (definition.length() > MAX_SOURCE) {
            throw new InvalidRequestException("definition", "is longer than " + MAX_SOURCE + " characters");
        }
        try {
            JsonNode node = json.readTree(definition);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException("definition", "must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidRequestException("definition", "is not JSON: " + e.getOriginalMessage());
        }
    }

    private String editor(Model model, Long id, String title, String definition) {
        model.addAttribute("id", id);
        model.addAttribute("title", title);
        model.addAttribute("definition", definition);
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", List.of());
        }
        return "console/workflow-edit";
    }
}

package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.policy.SubscriptionCategories;
import dev.herald.task.NotificationType;
import dev.herald.task.SendTask;
import dev.herald.task.TaskControl;
import dev.herald.task.TaskStatus;
import dev.herald.template.TemplateLibrary;
import dev.herald.template.TemplateView;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Send tasks in the browser: the list with live progress, the form that creates one from a file, a task's
 * page with its progress bars, controls and the errors of its rows, and the file templates to download.
 */
@Controller
class TasksPage {

    private static final int PAGE_SIZE = 20;
    private static final int ERRORS_PAGE_SIZE = 50;
    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final TaskControl control;
    private final TemplateLibrary templates;
    private final Accounts accounts;
    private final JsonMapper json;
    private final SubscriptionCategories categories;
    private final java.time.Clock clock;
    private final ChannelPreview preview;

    TasksPage(TaskControl control, TemplateLibrary templates, Accounts accounts, JsonMapper json,
              SubscriptionCategories categories, java.time.Clock clock, ChannelPreview preview) {
        this.clock = clock;
        this.preview = preview;
        this.categories = categories;
        this.control = control;
        this.templates = templates;
        this.accounts = accounts;
        this.json = json;
    }

    @GetMapping("/console/tasks")
    String list(ConsoleUser user, @RequestParam(defaultValue = "0") int page, Model model) {
        fillList(user, page, model);
        return "console/tasks";
    }

    /** The table alone, which the list page refreshes while a task runs. */
    @GetMapping("/console/tasks/table")
    String table(ConsoleUser user, @RequestParam(defaultValue = "0") int page, Model model) {
        fillList(user, page, model);
        return "console/tasks :: table";
    }

    private void fillList(ConsoleUser user, int page, Model model) {
        Listing<SendTask> tasks = control.list(user.account(), null, new Paging(Math.max(0, page), PAGE_SIZE));
        List<TaskCard> cards = TaskCard.of(tasks.items(), control);
        model.addAttribute("tasks", cards);
        model.addAttribute("count", tasks.count());
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pages", (tasks.count() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("live", cards.stream().anyMatch(TasksPage::live));
    }

    @GetMapping("/console/tasks/new")
    String newTask(ConsoleUser user, Model model) {
        return form(user, model, TaskForm.empty(accounts.timeZone(user.account()).getId()), Map.of());
    }

    private String form(ConsoleUser user, Model model, TaskForm form, Map<String, String> errors) {
        return form(user, model, form, errors, null);
    }

    private String form(ConsoleUser user, Model model, TaskForm form, Map<String, String> errors, KeptTaskFile kept) {
        model.addAttribute("form", form);
        model.addAttribute("keptFile", kept == null ? null : kept.name());
        model.addAttribute("zones", Zones.IDS);
        model.addAttribute("errors", errors);
        model.addAttribute("offered", TaskForm.OFFERED.stream().map(Channel::key).toList());
        model.addAttribute("categories", categories.list(user.account().value()));
        model.addAttribute("templates", templates.list(user.account(), null, new Paging(0, Paging.MAX_LIMIT)));
        model.addAttribute("columns", columns(user, form));
        preview(user, form, model);
        return "console/task-new";
    }

    /**
     * The preview panel alone for the texts as they are now (the template's, when one is chosen), the same one the
     * template editor shows; each variable is a [name] placeholder, since every row of the file fills it in.
     */
    @PostMapping("/console/tasks/new/preview")
    String preview(ConsoleUser user, @RequestParam MultiValueMap<String, String> fields, Model model) {
        preview(user, TaskForm.of(fields), model);
        return ChannelPreview.FRAGMENT;
    }

    private void preview(ConsoleUser user, TaskForm form, Model model) {
        Map<String, ChannelOptions> channels = form.templateId().isBlank()
                ? ChannelFields.options(form.channels(), form.values(), Map.of(), json)
                : chosenTemplate(user, form.templateId()).map(TemplateView::channels).orElse(Map.of());
        preview.render(user.account(), channels, "", model);
        model.addAttribute("fromFile", true);
    }

    private Optional<TemplateView> chosenTemplate(ConsoleUser user, String templateId) {
        try {
            return templates.find(user.account(), UUID.fromString(templateId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<String> columns(ConsoleUser user, TaskForm form) {
        NotificationType type = form.type(json);
        return type.templateId() == null && form.channels().isEmpty() ? List.of() : control.columns(user.account(), type);
    }

    /** The columns and file templates for the template or channels chosen so far (asked again when they change). */
    @GetMapping("/console/tasks/new/columns")
    String columns(ConsoleUser user, @RequestParam(name = "channel", required = false) List<String> channels,
                   @RequestParam(defaultValue = "") String templateId, Model model) {
        List<String> ticked = channels == null ? List.of() : channels;
        TaskForm form = new TaskForm("", templateId, ticked, Map.of(), "", "", "", "", false, "", false);
        model.addAttribute("form", form);
        model.addAttribute("columns", columns(user, form));
        return "console/task-new :: columns";
    }

    @PostMapping("/console/tasks")
    String create(ConsoleUser user, @RequestParam MultiValueMap<String, String> fields,
                  @RequestParam(name = "file", required = false) MultipartFile file, HttpSession session,
                  Model model) {
        TaskForm form = TaskForm.of(fields);
        // A file chosen now replaces the one kept from an attempt with errors; "keptFile" says to use that one.
        KeptTaskFile kept = file != null && !file.isEmpty() ? KeptTaskFile.keep(session, file)
                : "on".equals(fields.getFirst("keepFile")) ? KeptTaskFile.of(session) : null;
        if (kept == null) {
            KeptTaskFile.drop(session);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Integer rate = null;
        if (!form.ratePerMinute().isBlank()) {
            try {
                rate = Integer.parseInt(form.ratePerMinute());
            } catch (NumberFormatException e) {
                errors.put("ratePerMinute", "A whole number of messages a minute, or leave it empty for no limit.");
            }
        }
        if (form.hoursFrom().isBlank() != form.hoursTo().isBlank()) {
            errors.put("hours", "Give both the start and the end of the sending hours, or neither.");
        }
        if (!errors.isEmpty()) {
            return form(user, model, form, errors, kept);
        }
        try {
            var request = form.request(rate, json);
            SendTask task = kept == null ? control.create(user.account(), request)
                    : control.createWithFile(user.account(), request, kept.path(), kept.name());
            KeptTaskFile.drop(session);
            return "redirect:/console/tasks/" + task.id();
        } catch (InvalidRequestException e) {
            e.problems().forEach(p -> errors.merge(formField(p), p.message(), (a, b) -> a + "; " + b));
            return form(user, model, form, errors, kept);
        }
    }

    /** Where the form shows an API problem: next to the field it is about. */
    private static String formField(FieldProblem problem) {
        String field = problem.field();
        if (field.startsWith("channels.")) {
            String[] parts = field.split("\\.");
            return "channel_" + parts[1];
        }
        if (field.startsWith("allowedTimeRanges")) {
            return "hours";
        }
        return switch (field) {
            case "name", "channels", "templateId", "timeZone", "ratePerMinute", "file", "category" -> field;
            default -> "form";
        };
    }

    @GetMapping("/console/tasks/{id}")
    String task(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "0") int errorsPage,
                Model model) {
        SendTask task = control.find(user.account(), parse(id));
        fillProgress(task, model);
        model.addAttribute("zones", Zones.IDS);
        model.addAttribute("accountZone", accounts.timeZone(user.account()).getId());
        model.addAttribute("templateName", task.type().templateId() == null ? null
                : templates.find(user.account(), UUID.fromString(task.type().templateId()))
                        .map(dev.herald.template.TemplateView::name).orElse("(deleted template)"));
        model.addAttribute("channelNames", task.type().channels() == null ? List.of()
                : task.type().channels().keySet().stream().map(PlainLanguage::channel).toList());
        int page = Math.max(0, errorsPage);
        var errors = control.invalidRows(user.account(), task.id(), new Paging(page, ERRORS_PAGE_SIZE));
        model.addAttribute("errorRows", errors.items());
        model.addAttribute("errorCount", errors.count());
        model.addAttribute("errorsPage", page);
        model.addAttribute("errorPages", (errors.count() + ERRORS_PAGE_SIZE - 1) / ERRORS_PAGE_SIZE);
        model.addAttribute("columns", control.columns(user.account(), task.type()));
        return "console/task";
    }

    /**
     * The progress panel alone, refreshed every few seconds while the task moves. When the status is no longer the
     * one the page shows (the task finished, or was paused elsewhere), the whole page reloads (htmx's HX-Refresh),
     * so its settings, finish time and controls are current too.
     */
    @GetMapping("/console/tasks/{id}/progress")
    String progress(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "") String shown,
                    Model model, HttpServletResponse response) {
        SendTask task = control.find(user.account(), parse(id));
        if (!shown.isEmpty() && !shown.equals(task.status().name())) {
            response.setHeader("HX-Refresh", "true");
        }
        fillProgress(task, model);
        return "console/task :: progress";
    }

    private void fillProgress(SendTask task, Model model) {
        TaskCard card = new TaskCard(task, control.progress(task));
        model.addAttribute("task", task);
        // Started for later: RUNNING, but its start lies ahead.
        model.addAttribute("startsLater", task.status() == TaskStatus.RUNNING && task.startedAt() != null
                && task.startedAt().isAfter(clock.instant()));
        model.addAttribute("progress", card.progress());
        model.addAttribute("live", live(card));
    }

    private static boolean live(TaskCard card) {
        return card.task().status() == TaskStatus.RUNNING || card.progress().queued() > 0
                || (card.task().status() == TaskStatus.DONE && card.progress().sent() > 0);
    }

    /** A start time from the form's date-time and zone; null for "now" (no date-time given). */
    private java.time.Instant startTime(ConsoleUser user, String startAt, String startZone) {
        if (startAt.isBlank()) {
            return null;
        }
        java.time.ZoneId zone;
        try {
            zone = startZone.isBlank() ? accounts.timeZone(user.account()) : java.time.ZoneId.of(startZone);
        } catch (java.time.DateTimeException e) {
            throw new InvalidRequestException("startZone", "Choose a time zone from the list.");
        }
        try {
            java.time.LocalDateTime local = java.time.LocalDateTime.parse(startAt.strip());
            if (local.getYear() > 9999 || local.getYear() < 2000) {
                throw new InvalidRequestException("startAt", "The start must be a date between 2000 and 9999.");
            }
            return local.atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidRequestException("startAt", "Give the start as a date and a time, e.g. 2026-12-24 09:00.");
        }
    }

    @GetMapping("/console/tasks/{id}/cancel")
    String confirmCancel(ConsoleUser user, @PathVariable String id, Model model) {
        SendTask task = control.find(user.account(), parse(id));
        long queued = control.progress(task).queued();
        return new Confirmation("Cancel the task «" + task.name() + "»?",
                "This stops it for good: " + Plural.of(task.rowsWaiting(), "row", "rows") + " not yet handed over "
                        + "will not be sent, and " + Plural.of(queued, "message", "messages") + " still waiting in the "
                        + "delivery queue are cancelled. Messages already with a provider go their way.",
                "Cancel the task", "/console/tasks/" + task.id() + "/cancel", "/console/tasks/" + task.id())
                .show(model, "tasks", null);
    }

    @GetMapping("/console/tasks/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        SendTask task = control.find(user.account(), parse(id));
        return new Confirmation("Delete the task «" + task.name() + "»?",
                "It disappears from the list and the API with its " + Plural.of(task.rowsTotal(), "row", "rows")
                        + "; the messages it sent stay in the message log. You can undo this for "
                        + TaskControl.UNDO_WINDOW.toDays() + " days.",
                "Delete", "/console/tasks/" + task.id() + "/delete", "/console/tasks/" + task.id())
                .show(model, "tasks", null);
    }

    @PostMapping("/console/tasks/{id}/{action:start|pause|resume|cancel}")
    String act(ConsoleUser user, @PathVariable String id, @PathVariable String action,
               @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
               @RequestParam(defaultValue = "") String startAt, @RequestParam(defaultValue = "") String startZone,
               RedirectAttributes flash) {
        UUID taskId = parse(id);
        if (action.equals("cancel") && !Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/tasks/" + taskId + "/cancel");
        }
        java.time.Instant at;
        try {
            at = action.equals("start") ? startTime(user, startAt, startZone) : null;
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("alert", e.problems().getFirst().message());
            return "redirect:/console/tasks/" + taskId;
        }
        try {
            SendTask task = switch (action) {
                case "start" -> at == null ? control.start(user.account(), taskId)
                        : control.startAt(user.account(), taskId, at);
                case "pause" -> control.pause(user.account(), taskId);
                case "resume" -> control.resume(user.account(), taskId);
                default -> control.cancel(user.account(), taskId);
            };
            flash.addFlashAttribute("notice", switch (task.status()) {
                case RUNNING -> at != null && task.startedAt() != null && task.startedAt().isAfter(clock.instant())
                        ? "The task starts " + startAt.replace('T', ' ') + " (" + startZone + ")."
                        : action.equals("start") ? "The task started." : "The task goes on.";
                case PAUSED -> "The task is paused: no more rows are handed to delivery until you resume it.";
                default -> "The task is cancelled.";
            });
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/tasks/" + taskId;
    }

    @PostMapping("/console/tasks/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed, RedirectAttributes flash) {
        UUID taskId = parse(id);
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/tasks/" + taskId + "/delete");
        }
        try {
            SendTask task = control.find(user.account(), taskId);
            control.delete(user.account(), taskId);
            flash.addFlashAttribute("notice", "The task «" + task.name() + "» was deleted.");
            flash.addFlashAttribute("undo", "/console/tasks/" + taskId + "/restore");
            return "redirect:/console/tasks";
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
            return "redirect:/console/tasks/" + taskId;
        }
    }

    @PostMapping("/console/tasks/{id}/restore")
    String restore(ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        UUID taskId = parse(id);
        try {
            control.restore(user.account(), taskId);
            flash.addFlashAttribute("notice", "The task is back.");
            return "redirect:/console/tasks/" + taskId;
        } catch (NotFoundException e) {
            flash.addFlashAttribute("alert", "That task can no longer be brought back.");
            return "redirect:/console/tasks";
        }
    }

    @PostMapping("/console/tasks/{id}/file")
    String upload(ConsoleUser user, @PathVariable String id, @RequestParam(name = "file", required = false) MultipartFile file,
                  RedirectAttributes flash) {
        UUID taskId = parse(id);
        if (file == null || file.isEmpty()) {
            flash.addFlashAttribute("fileError", "Choose a CSV or XLSX file first.");
            return "redirect:/console/tasks/" + taskId;
        }
        try {
            SendTask task = withFile(file, path -> control.upload(user.account(), taskId, path, file.getOriginalFilename()));
            flash.addFlashAttribute("notice", task.status() == TaskStatus.READY
                    ? "The file is loaded: " + (task.rowsTotal() - task.rowsInvalid()) + " rows can be sent."
                    : "The file is loaded, but the task cannot start yet; see below.");
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("fileError", e.problems().getFirst().message());
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/tasks/" + taskId;
    }

    @GetMapping("/console/tasks/template.{format:csv|xlsx}")
    ResponseEntity<byte[]> template(ConsoleUser user, @PathVariable String format,
                                    @RequestParam(name = "channel", required = false) List<String> channels,
                                    @RequestParam(defaultValue = "") String templateId) {
        List<String> known = channels == null ? List.of()
                : channels.stream().filter(c -> Channel.parse(c).isPresent()).toList();
        NotificationType type = templateId.isBlank()
                ? new NotificationType(channelMap(known.isEmpty() ? List.of("sms") : known), null, null, null, null)
                : new NotificationType(null, templateId, null, null, null);
        return download(control.fileTemplate(user.account(), type, format.equals("xlsx")), format);
    }

    @GetMapping("/console/tasks/{id}/template.{format:csv|xlsx}")
    ResponseEntity<byte[]> taskTemplate(ConsoleUser user, @PathVariable String id, @PathVariable String format) {
        SendTask task = control.find(user.account(), parse(id));
        return download(control.fileTemplate(user.account(), task.type(), format.equals("xlsx")), format);
    }

    private static ResponseEntity<byte[]> download(byte[] body, String format) {
        boolean xlsx = format.equals("xlsx");
        return ResponseEntity.ok()
                .contentType(xlsx ? XLSX : MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("herald-task-template." + format).build().toString())
                .body(body);
    }

    private static Map<String, dev.herald.messaging.ChannelOptions> channelMap(List<String> channels) {
        Map<String, dev.herald.messaging.ChannelOptions> map = new LinkedHashMap<>();
        channels.forEach(c -> map.put(c, null));
        return map;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No send task " + id + " in this account.");
        }
    }

    /** The upload as a file on disk (a multipart part already is one), removed afterwards. */
    private static SendTask withFile(MultipartFile file, Function<Path, SendTask> use) {
        Path path = null;
        try {
            path = Files.createTempFile("herald-task-", ".upload");
            file.transferTo(path);
            return use.apply(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // left to the temp directory's cleanup
                }
            }
        }
    }
}

package dev.herald.task;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Send tasks: bulk sends from a spreadsheet, without code (TWIN's "Задания на отправку"). */
@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Send tasks", description = "Send a CSV or XLSX file of recipients as one bulk, within allowed hours and "
        + "at a chosen rate; start, pause, resume, cancel; follow progress and per-row errors. See docs/tasks.md. "
        + "API group: messages.")
class TaskController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final TaskControl control;
    private final NotificationTypes types;

    TaskController(TaskControl control, NotificationTypes types) {
        this.control = control;
        this.types = types;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a task", description = "A DRAFT until a file is uploaded to /{id}/file. channels as in "
            + "a message group of POST /api/v1/messages (texts without variables), or a templateId; category (a "
            + "subscription category key, 400 when unknown) and critical go into its messages for the contact policy.")
    TaskView create(AccountId account, @RequestBody CreateTaskRequest request) {
        return view(control.create(account, request));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a task with its file", description = "Parts: task (the JSON of the JSON form, "
            + "Content-Type application/json) and file (CSV or XLSX). Both are stored or neither.")
    TaskView createWithFile(AccountId account, @RequestPart("task") CreateTaskRequest request,
                            @RequestPart("file") MultipartFile file) {
        return withFile(file, path -> control.createWithFile(account, request, path, file.getOriginalFilename()));
    }

    @PostMapping(path = "/{id}/file", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload the task's file", description = "CSV (UTF-8, with or without BOM; comma, semicolon "
            + "or tab) or XLSX (first sheet). Replaces an earlier file. Every row is checked; the task becomes READY, or "
            + "stays DRAFT with a problem when no row is valid or allOrNothing refuses the file. Rows with errors are "
            + "listed at /{id}/errors.")
    TaskView upload(AccountId account, @PathVariable UUID id, @RequestPart("file") MultipartFile file) {
        return withFile(file, path -> control.upload(account, id, path, file.getOriginalFilename()));
    }

    @GetMapping
    @Operation(summary = "List tasks", description = "Newest first, with progress.")
    Listing<TaskView> list(AccountId account, @RequestParam(required = false) String status,
                           @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit) {
        Listing<SendTask> tasks = control.list(account, status(status), Paging.of(page, limit));
        return new Listing<>(tasks.count(), tasks.items().stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a task with its progress")
    TaskView get(AccountId account, @PathVariable UUID id) {
        return view(control.find(account, id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a task", description = "Not while RUNNING or PAUSED (cancel first). Its messages stay.")
    void delete(AccountId account, @PathVariable UUID id) {
        control.delete(account, id);
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Start a READY task")
    TaskView start(AccountId account, @PathVariable UUID id) {
        return view(control.start(account, id));
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause a RUNNING task", description = "No more rows are handed to delivery until it resumes.")
    TaskView pause(AccountId account, @PathVariable UUID id) {
        return view(control.pause(account, id));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a PAUSED task")
    TaskView resume(AccountId account, @PathVariable UUID id) {
        return view(control.resume(account, id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a task", description = "Rows not yet handed over are never sent; its messages still "
            + "waiting in the delivery queue are cancelled.")
    TaskView cancel(AccountId account, @PathVariable UUID id) {
        return view(control.cancel(account, id));
    }

    @GetMapping("/{id}/errors")
    @Operation(summary = "Rows with errors", description = "In file order: row number (as the spreadsheet shows it, "
            + "the header being row 1) and, per error, the column, the value and what is wrong.")
    Listing<TaskRow> errors(AccountId account, @PathVariable UUID id, @RequestParam(required = false) Integer page,
                            @RequestParam(required = false) Integer limit) {
        return control.invalidRows(account, id, Paging.of(page, limit));
    }

    @GetMapping("/{id}/rows")
    @Operation(summary = "Every row with what became of it", description = "state WAITING, INVALID, QUEUED or "
            + "HANDED_OVER; flowId, messageId and the flow's status once handed over.")
    Listing<TaskRow> rows(AccountId account, @PathVariable UUID id, @RequestParam(required = false) Integer page,
                          @RequestParam(required = false) Integer limit) {
        return control.rows(account, id, Paging.of(page, limit));
    }

    @GetMapping("/template.csv")
    @Operation(summary = "The file template of a notification type, as CSV",
            description = "Columns: the addresses the channels use, contactId, externalCustomerId, then the template's variables.")
    ResponseEntity<byte[]> templateCsv(AccountId account,
                                       @Parameter(description = "Comma-separated channels, e.g. sms,email")
                                       @RequestParam(required = false) String channels,
                                       @RequestParam(required = false) String templateId,
                                       @Parameter(description = "true: the chat channel sends into the chat sessions "
                                               + "the file names (a chatSessionId column)")
                                       @RequestParam(required = false) boolean chatSessions) {
        return file(FileTemplates.csv(columns(account, channels, templateId, chatSessions)), CSV,
                "herald-task-template.csv");
    }

    @GetMapping("/template.xlsx")
    @Operation(summary = "The file template of a notification type, as XLSX")
    ResponseEntity<byte[]> templateXlsx(AccountId account, @RequestParam(required = false) String channels,
                                        @RequestParam(required = false) String templateId,
                                        @RequestParam(required = false) boolean chatSessions) {
        return file(FileTemplates.xlsx(columns(account, channels, templateId, chatSessions)), XLSX,
                "herald-task-template.xlsx");
    }

    @GetMapping("/{id}/template.csv")
    @Operation(summary = "The file template of a task, as CSV")
    ResponseEntity<byte[]> taskTemplateCsv(AccountId account, @PathVariable UUID id) {
        return file(FileTemplates.csv(types.columns(account, control.find(account, id).type())), CSV, "herald-task-template.csv");
    }

    @GetMapping("/{id}/template.xlsx")
    @Operation(summary = "The file template of a task, as XLSX")
    ResponseEntity<byte[]> taskTemplateXlsx(AccountId account, @PathVariable UUID id) {
        return file(FileTemplates.xlsx(types.columns(account, control.find(account, id).type())), XLSX, "herald-task-template.xlsx");
    }

    private TaskColumns columns(AccountId account, String channels, String templateId, boolean chatSessions) {
        if ((channels == null || channels.isBlank()) && templateId == null) {
            throw new InvalidRequestException("channels", "name the channels (e.g. sms,email) or give a templateId");
        }
        Map<String, dev.herald.messaging.ChannelOptions> chosen = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        if (channels != null && !channels.isBlank()) {
            for (String key : channels.split(",")) {
                Channel.parse(key).ifPresentOrElse(c -> chosen.put(c.key(), null),
                        () -> problems.add(new FieldProblem("channels", "unknown channel '" + key.strip() + "'; known: "
                                + Channel.keys())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        NotificationType type = new NotificationType(chosen, templateId, null, null, null);
        if (templateId != null && !types.hasTemplate(account, type)) {
            throw new InvalidRequestException("templateId", "no template with this id in your account");
        }
        if (chatSessions && (templateId != null || !chosen.containsKey(Channel.CHAT.key()))) {
            throw new InvalidRequestException("chatSessions", "sends the chat channel into sessions: name chat among "
                    + "the channels, without a templateId");
        }
        return types.columns(account, type, chatSessions);
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }

    private static TaskStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(TaskStatus.values()).filter(s -> s.name().equalsIgnoreCase(value.strip())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("status", "unknown status; known: "
                        + Arrays.toString(TaskStatus.values())));
    }

    private TaskView view(SendTask task) {
        return TaskView.of(task, control.progress(task));
    }

    private interface Upload {
        SendTask apply(Path file);
    }

    /** Hands the upload over as a file on disk (the multipart part already is one), removed afterwards. */
    private TaskView withFile(MultipartFile file, Upload upload) {
        if (file == null || file.isEmpty()) {
            throw new InvalidRequestException("file", "is required: a CSV or XLSX file with a header row");
        }
        Path path = null;
        try {
            path = Files.createTempFile("herald-task-", ".upload");
            file.transferTo(path);
            return view(upload.apply(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temp file left behind is cleaned with the temp directory
                }
            }
        }
    }
}

package dev.herald.template;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Message templates: the channels of a message group with {@code {{variables}}}, versioned, with moderation. */
@RestController
@RequestMapping("/api/v1/templates")
@Tag(name = "Templates", description = "Message templates for POST /api/v1/messages with templateId. API group: full.")
class TemplateController {

    private static final int MAX_VARIABLES = 200;
    /** As an event's parameters (docs/events.md). */
    private static final int MAX_NESTED = 20_000;
    private static final int MAX_SEARCH = 255;
    private static final int MAX_REASON = 1000;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Templates templates;
    private final TemplateValidator validator;
    private final TemplatePreview preview;
    private final TemplateReviews reviews;
    private final JsonMapper json;

    TemplateController(Templates templates, TemplateValidator validator, TemplatePreview preview,
                       TemplateReviews reviews, JsonMapper json) {
        this.templates = templates;
        this.validator = validator;
        this.preview = preview;
        this.reviews = reviews;
        this.json = json;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a template", description = "Version 1. Channels as in POST /api/v1/messages, in "
            + "cascade order, with {{variables}} in their texts. Every text must parse; names are unique per account.")
    TemplateView create(AccountId account, @RequestBody TemplateRequest request) {
        UUID id = templates.create(account.value(), validator.validate(account, request));
        return view(templates.find(account.value(), id).orElseThrow());
    }

    @GetMapping
    @Operation(summary = "List templates", description = "Current versions, by name; name= finds names containing it.")
    Listing<TemplateView> list(AccountId account,
                               @RequestParam(required = false) String name,
                               @RequestParam(required = false) Integer page,
                               @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        String search = name == null || name.isBlank() ? null : name.strip();
        if (search != null && search.length() > MAX_SEARCH) {
            throw new InvalidRequestException("name", "must be at most " + MAX_SEARCH + " characters");
        }
        return new Listing<>(templates.count(account.value(), search),
                templates.list(account.value(), search, paging).stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a template", description = "The current version, or an earlier one with version=.")
    TemplateView get(AccountId account, @PathVariable UUID id, @RequestParam(required = false) Integer version) {
        return view(find(account, id, version));
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "List a template's versions", description = "Newest first.")
    Listing<Templates.VersionInfo> versions(AccountId account, @PathVariable UUID id) {
        List<Templates.VersionInfo> versions = templates.versions(account.value(), id);
        if (versions.isEmpty()) {
            throw new NotFoundException("No template " + id);
        }
        return new Listing<>(versions.size(), versions);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a template", description = "Replaces name, description and channels with a new "
            + "version; messages already accepted keep the version they were sent with. A moderated channel whose "
            + "content changed goes back to DRAFT. With version= in the body, 409 unless it is still the current one.")
    TemplateView update(AccountId account, @PathVariable UUID id, @RequestBody TemplateRequest request) {
        Templates.Content content = validator.validate(account, request);
        templates.update(account.value(), id, content, request.version())
                .orElseThrow(() -> new NotFoundException("No template " + id));
        return view(templates.find(account.value(), id).orElseThrow());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a template", description = "It can no longer be sent or read; messages sent with it "
            + "keep their texts, and its name can be used again.")
    void delete(AccountId account, @PathVariable UUID id) {
        if (!templates.delete(account.value(), id)) {
            throw new NotFoundException("No template " + id);
        }
    }

    /**
     * Body of {@code POST /{id}/moderation}.
     *
     * @param version optionally the version the decision is about; 409 unless it is the current one
     */
    record ModerationRequest(String channel, String state, String reason, Integer version) {}

    @PostMapping("/{id}/moderation")
    @Operation(summary = "Record a moderation decision", description = "For channels a messenger moderates (whatsapp "
            + "with templateName, vkontakte, odnoklassniki): DRAFT → PENDING (submitted) → APPROVED or REJECTED; "
            + "REJECTED → PENDING again; APPROVED → REJECTED or DRAFT when the messenger withdraws it. Only APPROVED "
            + "channels are sent. 409 for any other move.")
    TemplateView moderate(AccountId account, @PathVariable UUID id, @RequestBody ModerationRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null || request.channel() == null || Channel.parse(request.channel()).isEmpty()) {
            problems.add(new FieldProblem("channel", "is required; one of " + Channel.keys()));
        }
        ModerationState state = null;
        try {
            state = request == null || request.state() == null ? null
                    : ModerationState.valueOf(request.state().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (state == null) {
            problems.add(new FieldProblem("state", "is required; one of DRAFT, PENDING, APPROVED, REJECTED, PAUSED, DISABLED"));
        }
        if (request != null && request.reason() != null && request.reason().length() > MAX_REASON) {
            problems.add(new FieldProblem("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String channel = Channel.parse(request.channel()).orElseThrow().key();
        switch (templates.moderate(account.value(), id, channel, state, request.reason(), request.version())) {
            case Templates.ModerationChange.NoTemplate none -> throw new NotFoundException("No template " + id);
            case Templates.ModerationChange.NotModerated not -> throw new InvalidRequestException("channel",
                    "the template's " + channel + " channel needs no moderation"
                            + (not.channels().isEmpty() ? "; moderated channels: " + not.channels() : ""));
            case Templates.ModerationChange.Done done -> {}
        }
        return view(templates.find(account.value(), id).orElseThrow());
    }

    /**
     * Body of {@code POST /{id}/moderation/submit} and {@code /refresh}.
     *
     * @param version optionally the version meant; 409 unless it is the current one
     */
    record ReviewRequest(String channel, Integer version) {}

    @PostMapping("/{id}/moderation/submit")
    @Operation(summary = "Submit a channel for review", description = "Sends the channel's template to the messenger "
            + "through the connection it is sent with: whatsapp to Meta's message template API (POST "
            + "/{waba-id}/message_templates; the whatsapp-cloud connection needs wabaId), vkontakte / odnoklassniki to "
            + "the vk-notify service's moderation. The channel becomes PENDING (REJECTED with the messenger's words "
            + "when it refused the template as submitted); later decisions arrive by the messenger's webhook or "
            + "by asking it. 400 when the channel defines no template or its provider reviews none; 409 unless the "
            + "channel is DRAFT, REJECTED or PAUSED; 503 when the messenger cannot be reached.")
    @ApiResponses({@ApiResponse(responseCode = "200", description = "submitted; the template with its moderation"),
            @ApiResponse(responseCode = "400", description = "no such channel to submit, or no reviewing provider"),
            @ApiResponse(responseCode = "404", description = "no such template"),
            @ApiResponse(responseCode = "409", description = "already submitted or approved, or another version"),
            @ApiResponse(responseCode = "503", description = "the messenger could not be reached; try later")})
    TemplateView submit(AccountId account, @PathVariable UUID id, @RequestBody(required = false) ReviewRequest request) {
        reviews.submit(account, id, reviewChannel(request), request.version());
        return view(templates.find(account.value(), id).orElseThrow());
    }

    @PostMapping("/{id}/moderation/refresh")
    @Operation(summary = "Ask the messenger for its decision now", description = "For a submitted channel of the "
            + "current version: reads its review status from the messenger (WhatsApp: GET /{template-id}; VK / OK: the "
            + "service's template list) and records it. Herald also asks about PENDING channels every "
            + "herald.templates.review-poll-interval.")
    @ApiResponses({@ApiResponse(responseCode = "200", description = "the template with its moderation"),
            @ApiResponse(responseCode = "400", description = "the channel was not submitted"),
            @ApiResponse(responseCode = "404", description = "no such template"),
            @ApiResponse(responseCode = "503", description = "the messenger could not be reached; try later")})
    TemplateView refresh(AccountId account, @PathVariable UUID id, @RequestBody(required = false) ReviewRequest request) {
        reviews.refresh(account, id, reviewChannel(request));
        return view(templates.find(account.value(), id).orElseThrow());
    }

    private static String reviewChannel(ReviewRequest request) {
        if (request == null || request.channel() == null || Channel.parse(request.channel()).isEmpty()) {
            throw new InvalidRequestException("channel", "is required; one of " + Channel.keys());
        }
        return Channel.parse(request.channel()).orElseThrow().key();
    }

    @GetMapping("/{id}/preview")
    @Operation(summary = "Preview a template", description = "Renders the current version for every channel with "
            + "the query parameters as variables (e.g. ?name=Ivan&order=42): SMS with links shortened, its encoding "
            + "and part count; a channel missing a variable shows the error a message would get.")
    TemplatePreview.Preview previewGet(AccountId account, @PathVariable UUID id,
                                       @Parameter(description = "variables, one query parameter each")
                                       @RequestParam Map<String, String> variables) {
        return preview.render(account, find(account, id, null), checked(new LinkedHashMap<>(variables)), null);
    }

    /**
     * Body of {@code POST /{id}/preview}.
     *
     * @param useShortLinks as in a message group; default true
     */
    record PreviewRequest(Map<String, Object> variables, Integer version, Boolean useShortLinks) {}

    @PostMapping("/{id}/preview")
    @Operation(summary = "Preview a template with variables in the body",
            description = "As GET, with {\"variables\": {...}, \"version\": n, \"useShortLinks\": true|false}.")
    TemplatePreview.Preview previewPost(AccountId account, @PathVariable UUID id,
                                        @RequestBody(required = false) PreviewRequest request) {
        PreviewRequest body = request == null ? new PreviewRequest(null, null, null) : request;
        Map<String, Object> variables = body.variables() == null ? Map.of() : checked(body.variables());
        return preview.render(account, find(account, id, body.version()), variables, body.useShortLinks());
    }

    private StoredTemplate find(AccountId account, UUID id, Integer version) {
        return (version == null ? templates.find(account.value(), id) : templates.find(account.value(), id, version))
                .orElseThrow(() -> new NotFoundException(version == null ? "No template " + id
                        : "No version " + version + " of template " + id));
    }

    /**
     * Variables may nest (an event's parameters: {@code {"event": {"orderId": ..., "items": [...]}}}, used as
     * {@code {{event.orderId}}} and {@code {{#event.items}}...{{/event.items}}}), within a bound on their JSON.
     */
    private <V> Map<String, V> checked(Map<String, V> variables) {
        if (variables.size() > MAX_VARIABLES) {
            throw new InvalidRequestException("variables", "at most " + MAX_VARIABLES + " variables");
        }
        variables.forEach((name, value) -> {
            if ((value instanceof Map || value instanceof List) && json.writeValueAsString(value).length() > MAX_NESTED) {
                throw new InvalidRequestException("variables." + name, "must be at most " + MAX_NESTED
                        + " characters of JSON");
            }
        });
        return variables;
    }

    private TemplateView view(StoredTemplate template) {
        return TemplateView.of(template, json);
    }
}

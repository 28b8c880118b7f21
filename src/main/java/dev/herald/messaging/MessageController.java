package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.delivery.Cancellation;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Sending messages (TWIN's "Create message batch") and reading them back with their status history. */
@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "Messages", description = "Send message batches and follow each message's status. API group: messages.")
class MessageController {

    private static final int MAX_CANCEL_IDS = 10_000;

    private final MessageIntake intake;
    private final MessageQueries queries;
    private final Cancellation cancellation;
    /** The answer of a send, written by the application's mapper as MVC's converter would (see {@link #send}). */
    private final ObjectWriter items;

    MessageController(MessageIntake intake, MessageQueries queries, Cancellation cancellation, JsonMapper json) {
        this.intake = intake;
        this.queries = queries;
        this.cancellation = cancellation;
        this.items = json.writerFor(new TypeReference<List<SendResponseItem>>() {});
    }

    @PostMapping
    @Operation(summary = "Create a message batch",
            description = "Answers 201 with one entry per destination, in request order. Channels are tried in the "
                    + "order given. A destination without an address for any of its channels gets status FAILED; "
                    + "the others go on. With an Idempotency-Key header (or a group's idempotencyKey) a retried "
                    + "request returns the first response instead of sending again.")
    // Declares the 201 to the OpenAPI document too, which does not see what the method writes itself.
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "One entry per destination, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @ArraySchema(schema = @Schema(implementation = SendResponseItem.class))))
    void send(
            AccountId account,
            @RequestBody SendMessagesRequest request,
            @Parameter(description = "Makes a retried request return the first response")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            HttpServletResponse response) throws IOException {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 255 characters");
        }
        MessageIntake.Accepted accepted = intake.acceptFromApi(account, request, idempotencyKey);
        // The answer is written here rather than returned: MVC's content negotiation and its converter's generic
        // type look-ups for a List cost about a tenth of a one-message request (docs/benchmarks.md).
        response.setStatus(HttpStatus.CREATED.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Idempotent-Replayed", String.valueOf(accepted.replayed()));
        byte[] body = items.writeValueAsBytes(accepted.items());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Body of {@code POST /api/v1/messages/cancel}: exactly one of ids, groupId, bulkId. */
    record CancelRequest(List<UUID> ids, UUID groupId, UUID bulkId) {}

    @PostMapping("/cancel")
    @Operation(summary = "Cancel messages not yet handed to a provider",
            description = "By ids, groupId or bulkId (exactly one). Waiting messages (CREATED, DELAYED, PAUSED) become "
                    + "CANCELLED and their flows start no further channels; the answer lists what could not be "
                    + "cancelled and why.")
    Cancellation.Result cancel(AccountId account, @RequestBody CancelRequest request) {
        int selectors = (request.ids() == null ? 0 : 1) + (request.groupId() == null ? 0 : 1)
                + (request.bulkId() == null ? 0 : 1);
        if (selectors != 1) {
            throw new InvalidRequestException("$", "give exactly one of ids, groupId, bulkId");
        }
        if (request.ids() != null && (request.ids().isEmpty() || request.ids().size() > MAX_CANCEL_IDS)) {
            throw new InvalidRequestException("ids", "must hold 1 to " + MAX_CANCEL_IDS + " message ids");
        }
        return cancellation.cancel(account.value(),
                new Cancellation.Selector(request.ids(), request.groupId(), request.bulkId()));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel one message", description = "409 with the reason when it can no longer be cancelled.")
    Cancellation.Result cancelOne(AccountId account, @PathVariable UUID id) {
        Cancellation.Result result = cancellation.cancel(account.value(), new Cancellation.Selector(List.of(id), null, null));
        if (result.cancelled().isEmpty()) {
            Cancellation.Result.NotCancelled refused = result.notCancelled().getFirst();
            if (refused.status() == null) {
                throw new NotFoundException("No message " + id);
            }
            throw new ConflictException("Message " + id + " cannot be cancelled: " + refused.reason()
                    + " (status " + refused.status() + ")");
        }
        return result;
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a message with its status history")
    MessageView get(AccountId account, @PathVariable UUID id) {
        return queries.find(account, id).orElseThrow(() -> new NotFoundException("No message " + id));
    }

    @GetMapping
    @Operation(summary = "List messages", description = "Newest first. channel and status take comma-separated lists; "
            + "destination finds the messages sent to one phone number, e-mail address or messenger id.")
    Listing<MessageView> list(AccountId account,
                              @RequestParam(required = false) UUID bulkId,
                              @RequestParam(required = false) UUID groupId,
                              @RequestParam(required = false) UUID flowId,
                              @RequestParam(required = false) String channel,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) String destination,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer limit) {
        MessageFilter filter = new MessageFilter(bulkId, groupId, flowId,
                MessageFilter.parseChannels(channel), MessageFilter.parseStatuses(status), from, to, destination);
        Paging paging = Paging.of(page, limit);
        return new Listing<>(queries.count(account, filter), queries.list(account, filter, paging));
    }
}

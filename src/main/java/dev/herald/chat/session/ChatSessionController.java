package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.bot.Scenario;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's chat sessions: list, read with their transcript, answer as an operator, close, hand back to the bot. */
@RestController
@RequestMapping("/api/v1/chat/sessions")
@Tag(name = "Chat sessions", description = "Dialogues of clients with bots and operators. API group: full.")
class ChatSessionController {

    private final ChatSessionQueries queries;
    private final Transcript transcript;
    private final OperatorReplies replies;

    ChatSessionController(ChatSessionQueries queries, Transcript transcript, OperatorReplies replies) {
        this.queries = queries;
        this.transcript = transcript;
        this.replies = replies;
    }

    /** One message of a session as the API shows it. */
    record LineView(UUID id, String direction, String author, String text, String payload,
                    List<Scenario.Button> buttons, String status, String error, UUID messageId, Instant createdAt) {

        static LineView of(Transcript.Line line) {
            return new LineView(line.id(), line.direction().name(), line.author().name(), line.text(), line.payload(),
                    line.buttons(), line.status().name(), line.error(), line.messageId(), line.createdAt());
        }
    }

    record ReplyRequest(String text) {}

    @GetMapping
    @Operation(summary = "List chat sessions", description = "Newest first. chatId takes a chat's id or a "
            + "session's id; from (inclusive) and to (exclusive) bound the creation time.")
    Listing<SessionView> list(AccountId account,
                              @RequestParam(required = false) UUID chatId,
                              @RequestParam(required = false) UUID clientId,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer limit) {
        SessionStatus parsed = null;
        if (status != null) {
            try {
                parsed = SessionStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("status", "must be one of " + List.of(SessionStatus.values()));
            }
        }
        Paging paging = Paging.of(page, limit);
        SessionFilter filter = new SessionFilter(from == null ? null : from.toInstant(), to == null ? null : to.toInstant(),
                chatId, clientId, parsed);
        return new Listing<>(queries.count(account, filter), queries.list(account, filter, paging));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a chat session")
    SessionView get(AccountId account, @PathVariable UUID id) {
        return queries.find(account, id).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/{id}/messages")
    @Operation(summary = "A session's messages both ways, oldest first",
            description = "For the sandbox messenger this is where what the bot \"sent\" can be read.")
    Listing<LineView> messages(AccountId account, @PathVariable UUID id,
                               @RequestParam(required = false) Integer page,
                               @RequestParam(required = false) Integer limit) {
        queries.find(account, id).orElseThrow(() -> notFound(id));
        Paging paging = Paging.of(page, limit);
        return new Listing<>(transcript.count(account, id),
                transcript.list(account, id, paging).stream().map(LineView::of).toList());
    }

    @PostMapping("/{id}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Answer the client as an operator",
            description = "The session is with operators from then on: the bot no longer answers. 409 if closed.")
    LineView reply(AccountId account, @PathVariable UUID id, @RequestBody ReplyRequest request) {
        return LineView.of(replies.reply(account, id, request == null ? null : request.text()));
    }

    @PostMapping("/{id}/close")
    @Operation(summary = "Close a session", description = "Records the answers given so far as its results. "
            + "Closing a closed session changes nothing.")
    SessionView close(AccountId account, @PathVariable UUID id) {
        replies.close(account, id);
        return get(account, id);
    }

    @PostMapping("/{id}/bot")
    @Operation(summary = "Hand a session back to its bot", description = "For a session with an operator: the bot "
            + "asks the question the session stands at again, or starts over from its start step (keeping the "
            + "answers) when the session stands at an operator step. 409 if the session is not with an operator "
            + "or its chat has no bot.")
    SessionView handBack(AccountId account, @PathVariable UUID id) {
        replies.handBack(account, id);
        return get(account, id);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No chat session " + id);
    }
}

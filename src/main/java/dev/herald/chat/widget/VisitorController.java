package dev.herald.chat.widget;

import dev.herald.auth.AccountId;
import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.Scenario;
import dev.herald.chat.session.WebMessenger;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.ProblemResponses;
import dev.herald.web.TryLaterException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * What the widget on a customer's page calls, without an API token: start a visitor, send their messages, and
 * stream the conversation back (server-sent events). {@link WidgetOriginFilter} has checked the page's origin
 * and the IP's rate before any of this runs; here the visitor's token decides whose conversation it is.
 */
@RestController
@RequestMapping("/widget/v1/chats/{chatId}")
@Tag(name = "Chat widget", description = "The web chat widget's public endpoints, called by browsers on the "
        + "chat's allowed origins. No API token; a visitor token in X-Herald-Visitor.")
class VisitorController {

    static final String ORIGIN_ATTRIBUTE = "herald.widget.origin";
    static final String WIDGET_ATTRIBUTE = "herald.widget.widget";
    private static final int MAX_SHORT = 255;

    private final Chats chats;
    private final WidgetVisitors visitors;
    private final WebMessenger messenger;
    private final WidgetStreams streams;
    private final WidgetRateLimits limits;
    private final WidgetProperties properties;
    private final Clock clock;
    private final ProblemResponses problems;

    VisitorController(Chats chats, WidgetVisitors visitors, WebMessenger messenger, WidgetStreams streams,
                      WidgetRateLimits limits, WidgetProperties properties, Clock clock, ProblemResponses problems) {
        this.problems = problems;
        this.chats = chats;
        this.visitors = visitors;
        this.messenger = messenger;
        this.streams = streams;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock;
    }

    /** What the widget shows before the visitor writes. */
    record WidgetView(String title, int maxTextLength) {}

    @GetMapping
    @Operation(summary = "The widget's settings, as the widget shows them")
    WidgetView widget(@PathVariable UUID chatId, @RequestAttribute(WIDGET_ATTRIBUTE) ChatWidgets.Widget widget) {
        Chat chat = webChat(widget);
        return new WidgetView(widget.title() != null ? widget.title() : chat.name(), properties.maxTextLength());
    }

    @GetMapping(path = "/frame", produces = "text/html")
    @Operation(summary = "The widget as a page of its own, for an iframe on the allowed origins")
    ResponseEntity<String> frame(@PathVariable UUID chatId, @RequestAttribute(WIDGET_ATTRIBUTE) ChatWidgets.Widget widget) {
        Chat chat = webChat(widget);
        String title = HtmlUtils.htmlEscape(widget.title() != null ? widget.title() : chat.name());
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<link rel=\"stylesheet\" href=\"/widget/v1/frame.css\"></head><body>"
                + "<script src=\"/widget/v1/widget.js\" data-herald-chat=\"" + widget.chatId() + "\" data-mode=\"frame\">"
                + "</script></body></html>";
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.TEXT_HTML).body(page);
    }

    /** @param token the visitor's secret: the widget keeps it and sends it in X-Herald-Visitor */
    record StartedView(UUID visitorId, String token) {}

    @PostMapping("/visitors")
    @Operation(summary = "Start a visitor", description = "Answers the visitor's id and token (201). The token "
            + "is shown once; it is the only way to the visitor's conversation.")
    ResponseEntity<StartedView> start(@PathVariable UUID chatId,
                                      @RequestAttribute(WIDGET_ATTRIBUTE) ChatWidgets.Widget widget,
                                      @RequestAttribute(ORIGIN_ATTRIBUTE) String origin, HttpServletRequest request) {
        webChat(widget);
        limited(limits.newVisitor(request.getRemoteAddr()), "Too many new visitors from this address");
        WidgetVisitors.Started started = visitors.start(widget.accountId(), widget.chatId(), origin, clock.instant());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new StartedView(started.visitor().id(), started.token()));
    }

    /**
     * @param text    what the visitor wrote
     * @param payload the value of a button the visitor pressed
     * @param id      the widget's id of this message: sending it again (a retry) is taken once
     */
    record MessageRequest(String text, String payload, String id) {}

    /** Named apart from messaging.MessageView: one schema name each in the OpenAPI document (and the SDKs). */
    @Schema(name = "WidgetMessageView")
    record MessageView(UUID sessionId, String status, boolean duplicate) {}

    @PostMapping("/messages")
    @Operation(summary = "Send the visitor's message to the chat's bot (or operator)",
            description = "The answer comes on the event stream.")
    ResponseEntity<MessageView> message(@PathVariable UUID chatId,
                                        @RequestAttribute(WIDGET_ATTRIBUTE) ChatWidgets.Widget widget,
                                        @RequestHeader(name = WidgetOriginFilter.VISITOR_HEADER, required = false) String token,
                                        @RequestBody(required = false) MessageRequest body) {
        Chat chat = webChat(widget);
        WidgetVisitors.Visitor visitor = visitor(widget, token);
        validate(body);
        limited(limits.message(visitor.id()), "Too many messages; wait a moment");
        WebMessenger.Received received = messenger.receive(new AccountId(widget.accountId()), chat, visitor.id(),
                blankToNull(body.text()), blankToNull(body.payload()), blankToNull(body.id()));
        visitors.seen(visitor.id(), clock.instant());
        streams.push(visitor.id());
        return ResponseEntity.status(received.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new MessageView(received.sessionId(), received.status(), received.duplicate()));
    }

    /** One line of the conversation as the widget shows it: {@code author} CLIENT is the visitor. */
    record LineView(UUID id, String author, String text, List<Scenario.Button> buttons, Instant createdAt) {

        static LineView of(WebMessenger.VisitorLine line) {
            return new LineView(line.id(), line.author(), line.text(), line.buttons(), line.createdAt());
        }
    }

    @GetMapping(path = "/events", produces = "text/event-stream")
    @Operation(summary = "The visitor's conversation as server-sent events",
            description = "Each `line` event is one message either way, its id the position in the conversation; "
                    + "send it back as Last-Event-ID to resume. Without it, the latest 100 lines come first.")
    SseEmitter events(@PathVariable UUID chatId, @RequestAttribute(WIDGET_ATTRIBUTE) ChatWidgets.Widget widget,
                      @RequestHeader(name = WidgetOriginFilter.VISITOR_HEADER, required = false) String token,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      HttpServletResponse response) {
        webChat(widget);
        WidgetVisitors.Visitor visitor = visitor(widget, token);
        long after = -1;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Math.max(0, Long.parseLong(lastEventId.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Last-Event-ID", "must be the id of an event this stream sent");
            }
        }
        WidgetStreams.Stream stream = streams.open(new AccountId(widget.accountId()), widget.chatId(), visitor.id(),
                after);
        if (stream == null) {
            throw new TryLaterException("This server has too many open chat widgets", Duration.ofSeconds(10));
        }
        // Proxies such as nginx would otherwise hold the events back.
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        stream.wake();
        return stream.emitter;
    }

    /** A visitor over their rate limit: 429 with Retry-After, as a problem. */
    static final class TooManyRequests extends RuntimeException {

        final Duration retryAfter;

        TooManyRequests(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }
    }

    @ExceptionHandler(TooManyRequests.class)
    void tooMany(TooManyRequests e, HttpServletResponse response) throws IOException {
        tooMany(response, problems, e.retryAfter, e.getMessage());
    }

    static void tooMany(HttpServletResponse response, ProblemResponses problems, Duration wait, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait)));
        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static void limited(Optional<Duration> wait, String detail) {
        if (wait.isPresent()) {
            throw new TooManyRequests(detail, wait.get());
        }
    }

    /** The widget's chat, which must be on the WEB messenger for its sessions to be WEB ones. */
    private Chat webChat(ChatWidgets.Widget widget) {
        Chat chat = chats.find(new AccountId(widget.accountId()), widget.chatId())
                .orElseThrow(() -> new NotFoundException("No chat " + widget.chatId()));
        if (chat.messenger(MessengerType.WEB).isEmpty()) {
            throw new ConflictException("Chat '" + chat.name() + "' is not on the WEB messenger");
        }
        return chat;
    }

    private WidgetVisitors.Visitor visitor(ChatWidgets.Widget widget, String token) {
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("The visitor's token is required in " + WidgetOriginFilter.VISITOR_HEADER
                    + "; start a visitor with POST /widget/v1/chats/" + widget.chatId() + "/visitors");
        }
        return visitors.find(widget.chatId(), token.strip()).orElseThrow(() -> new UnauthorizedException(
                "No visitor of this chat has that token; start a new visitor"));
    }

    private void validate(MessageRequest body) {
        if (body == null) {
            throw new InvalidRequestException("$", "a JSON object with \"text\" or \"payload\" is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (blankToNull(body.text()) == null && blankToNull(body.payload()) == null) {
            problems.add(new FieldProblem("text", "text or payload is required"));
        }
        if (body.text() != null && body.text().length() > properties.maxTextLength()) {
            problems.add(new FieldProblem("text", "must be at most " + properties.maxTextLength() + " characters"));
        }
        if (body.payload() != null && body.payload().length() > MAX_SHORT) {
            problems.add(new FieldProblem("payload", "must be at most " + MAX_SHORT + " characters"));
        }
        if (body.id() != null && body.id().length() > 64) {
            problems.add(new FieldProblem("id", "must be at most 64 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

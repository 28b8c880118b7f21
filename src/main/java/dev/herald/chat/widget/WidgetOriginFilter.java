package dev.herald.chat.widget;

import dev.herald.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the widget's public chat endpoints ({@code /widget/v1/chats/{chatId}/...}) before anything else reads
 * them: every request comes from a page of one of the chat's allowed origins (its {@code Origin} header, which
 * browsers set on the widget's cross-origin calls and scripts of other sites cannot change), within the IP's
 * rate limit. Answers CORS for those origins, preflights included; no cookies are involved.
 */
@Component
class WidgetOriginFilter extends OncePerRequestFilter {

    static final String VISITOR_HEADER = "X-Herald-Visitor";
    private static final Pattern CHAT_PATH = Pattern.compile("^/widget/v1/chats/([^/]+)(/.*)?$");

    private final ChatWidgets widgets;
    private final WidgetRateLimits limits;
    private final ProblemResponses problems;

    WidgetOriginFilter(ChatWidgets widgets, WidgetRateLimits limits, ProblemResponses problems) {
        this.widgets = widgets;
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/widget/v1/chats/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = CHAT_PATH.matcher(request.getRequestURI());
        UUID chatId = path.matches() ? parse(path.group(1)) : null;
        Optional<ChatWidgets.Widget> widget = chatId == null ? Optional.empty() : widgets.findPublic(chatId);
        if (widget.isEmpty() || widget.get().allowedOrigins().isEmpty()) {
            problems.write(response, HttpStatus.NOT_FOUND, "Not found", "No chat widget at "
                    + request.getRequestURI() + ": the chat does not exist or its widget has no allowed origins");
            return;
        }
        String sent = request.getHeader(HttpHeaders.ORIGIN);
        Optional<String> origin = Origins.canonical(sent);
        if (origin.isEmpty()) {
            problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "An Origin header is required: the chat "
                    + "widget answers only pages of the chat's allowed origins");
            return;
        }
        // Even a refused origin may read why, so that the site's owner sees it in the browser's console.
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, sent);
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.RETRY_AFTER);
        if (!widget.get().allows(origin.get())) {
            problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "Origin " + origin.get() + " is not "
                    + "allowed to use this chat's widget; its allowed origins are set with PUT /api/v1/chats/"
                    + chatId + "/widget");
            return;
        }
        if ("OPTIONS".equals(request.getMethod())
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                    "Content-Type, Last-Event-ID, " + VISITOR_HEADER);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
            response.setStatus(HttpStatus.NO_CONTENT.value());
            return;
        }
        Optional<Duration> wait = limits.request(request.getRemoteAddr());
        if (wait.isPresent()) {
            VisitorController.tooMany(response, problems, wait.get(), "Too many requests from this address");
            return;
        }
        request.setAttribute(VisitorController.ORIGIN_ATTRIBUTE, origin.get());
        request.setAttribute(VisitorController.WIDGET_ATTRIBUTE, widget.get());
        chain.doFilter(request, response);
    }

    private static UUID parse(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

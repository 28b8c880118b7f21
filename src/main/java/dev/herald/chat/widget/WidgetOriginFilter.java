package dev.herald.chat.widget;

import dev.herald.web.ProblemResponses;
import dev.herald.web.PublicBaseUrl;
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
 * rate limit. Answers CORS for those origins, preflights included; no cookies are involved. The widget's frame
 * page ({@code .../frame}, for sites that embed an iframe) is Herald's own origin: its page may be framed only by
 * the allowed origins (CSP frame-ancestors), and its calls come from Herald's origin.
 */
@Component
class WidgetOriginFilter extends OncePerRequestFilter {

    static final String VISITOR_HEADER = "X-Herald-Visitor";
    private static final Pattern CHAT_PATH = Pattern.compile("^/widget/v1/chats/([^/]+)(/.*)?$");

    private final ChatWidgets widgets;
    private final WidgetRateLimits limits;
    private final ProblemResponses problems;
    private final PublicBaseUrl baseUrl;

    WidgetOriginFilter(ChatWidgets widgets, WidgetRateLimits limits, ProblemResponses problems, PublicBaseUrl baseUrl) {
        this.baseUrl = baseUrl;
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
        if ("/frame".equals(path.group(2)) && "GET".equals(request.getMethod())) {
            // Navigations carry no Origin: the browser enforces who may frame the page (frame-ancestors).
            response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors "
                    + String.join(" ", widget.get().allowedOrigins()));
            request.setAttribute(VisitorController.WIDGET_ATTRIBUTE, widget.get());
            if (!rateLimited(request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        String sent = request.getHeader(HttpHeaders.ORIGIN);
        Optional<String> origin = Origins.canonical(sent);
        boolean frame = origin.map(own()::equals).orElse(false)
                || sent == null && "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
        if (frame) {
            // The widget's own frame page (same origin as Herald), which only allowed origins can embed.
            request.setAttribute(VisitorController.ORIGIN_ATTRIBUTE, own());
            request.setAttribute(VisitorController.WIDGET_ATTRIBUTE, widget.get());
            if (!rateLimited(request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
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
        if (rateLimited(request, response)) {
            return;
        }
        request.setAttribute(VisitorController.ORIGIN_ATTRIBUTE, origin.get());
        request.setAttribute(VisitorController.WIDGET_ATTRIBUTE, widget.get());
        chain.doFilter(request, response);
    }

    private boolean rateLimited(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Duration> wait = limits.request(request.getRemoteAddr());
        if (wait.isPresent()) {
            VisitorController.tooMany(response, problems, wait.get(), "Too many requests from this address");
            return true;
        }
        return false;
    }

    /** Herald's own origin, where the widget's frame page lives. */
    private String own() {
        return Origins.canonical(baseUrl.get()).orElse("");
    }

    private static UUID parse(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

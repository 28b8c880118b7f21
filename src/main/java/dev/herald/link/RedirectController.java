package dev.herald.link;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Opens a short link: 302 to the original URL at once, after one primary-key look-up; the click is stored
 * after the answer has left ({@link ClickRecorder}). Open to everyone: it is what people tap in their SMS.
 */
@RestController
@Tag(name = "Short links", description = "Tracked short links in SMS texts.")
class RedirectController {

    private static final int MAX_USER_AGENT = 512;
    private static final String NOT_FOUND_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Link not found</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: sans-serif; margin: 3em auto; max-width: 30em; text-align: center">
            <h1>Link not found</h1><p>This link does not exist. Check that it was copied whole.</p></body></html>
            """;

    private final ShortLinks links;
    private final ClickRecorder clicks;
    private final Clock clock;

    RedirectController(ShortLinks links, ClickRecorder clicks, Clock clock) {
        this.links = links;
        this.clicks = clicks;
        this.clock = clock;
    }

    @GetMapping("/l/{code}")
    @Operation(summary = "Open a short link", description = "302 to the original URL; records the click (time, "
            + "user agent). The first click makes the message CLICKED. No token needed. Unknown codes get a 404 page.")
    void open(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> url = ShortLinkCodes.isWellFormed(code) ? links.url(code) : Optional.empty();
        // Every opening must come back here to be counted.
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        // The target learns nothing of where the link was (the code would let it open the link again).
        response.setHeader("Referrer-Policy", "no-referrer");
        if (url.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(NOT_FOUND_PAGE);
            return;
        }
        response.setStatus(HttpStatus.FOUND.value());
        response.setHeader(HttpHeaders.LOCATION, RedirectTarget.ascii(url.get()));
        // The answer leaves now; storing the click may wait (see ClickRecorder) without holding the person up.
        response.flushBuffer();
        // HEAD is how link checkers look without opening: not a click.
        if ("GET".equals(request.getMethod())) {
            String agent = request.getHeader(HttpHeaders.USER_AGENT);
            if (agent != null && agent.length() > MAX_USER_AGENT) {
                agent = agent.substring(0, MAX_USER_AGENT);
            }
            clicks.record(new ShortLinks.Click(code, clock.instant(), agent, LinkPreviewAgents.isPreview(agent)));
        }
    }
}

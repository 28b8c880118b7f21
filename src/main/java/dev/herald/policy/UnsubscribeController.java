package dev.herald.policy;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The pages recipients reach from a message, without an account: {@code /u/<token>} (unsubscribe) and
 * {@code /u/confirm/<token>} (double opt-in). Opening a link only shows a page with a button; the POST does it,
 * so that link scanners and previews do not unsubscribe anyone. A mailbox's RFC 8058 one-click POST
 * ({@code List-Unsubscribe=One-Click}) goes to the same URL.
 */
@RestController
@Hidden
class UnsubscribeController {

    private final SignedLinks links;
    private final Unsubscribing unsubscribing;
    private final Subscribing subscribing;

    UnsubscribeController(SignedLinks links, Unsubscribing unsubscribing, Subscribing subscribing) {
        this.links = links;
        this.unsubscribing = unsubscribing;
        this.subscribing = subscribing;
    }

    @GetMapping("/u/{token}")
    ResponseEntity<String> unsubscribePage(@PathVariable String token) {
        if (links.unsubscribeToken(token).isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "<p>This unsubscribe link is not valid.</p>");
        }
        return page(HttpStatus.OK, "Unsubscribe", "<form method=\"post\"><p>Stop getting these messages?</p>"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    /** The button's POST, or the mailbox's one-click POST (body {@code List-Unsubscribe=One-Click}). */
    @PostMapping("/u/{token}")
    ResponseEntity<String> unsubscribe(@PathVariable String token,
                                       @org.springframework.web.bind.annotation.RequestParam(
                                               name = "List-Unsubscribe", required = false) String oneClick) {
        Optional<UUID> messageId = links.unsubscribeToken(token);
        Optional<Unsubscribing.Outcome> done = messageId.flatMap(id -> unsubscribing.unsubscribe(id,
                "One-Click".equals(oneClick) ? "list-unsubscribe" : "link"));
        if (done.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "<p>This unsubscribe link is not valid.</p>");
        }
        String what = done.get().category() == null ? "these messages"
                : "'" + HtmlUtils.htmlEscape(done.get().category()) + "' messages";
        return page(HttpStatus.OK, "Unsubscribed", "<p>You will no longer get " + what + " by "
                + HtmlUtils.htmlEscape(done.get().channel()) + ".</p>");
    }

    @GetMapping("/u/confirm/{token}")
    ResponseEntity<String> confirmPage(@PathVariable String token) {
        if (links.confirmToken(token).isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "<p>This confirmation link is not valid.</p>");
        }
        return page(HttpStatus.OK, "Confirm your subscription", "<form method=\"post\"><p>Confirm your subscription?</p>"
                + "<button type=\"submit\">Confirm</button></form>");
    }

    @PostMapping("/u/confirm/{token}")
    ResponseEntity<String> confirm(@PathVariable String token) {
        Optional<Long> contact = links.confirmToken(token).flatMap(subscribing::confirm);
        if (contact.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid",
                    "<p>This confirmation link is not valid, was used already or has expired.</p>");
        }
        return page(HttpStatus.OK, "Subscribed", "<p>Thank you: your subscription is confirmed.</p>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("X-Robots-Tag", "noindex")
                .body("<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                        + "<title>" + title + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>");
    }
}

package dev.herald.callback;

import dev.herald.support.Excerpt;
import dev.herald.support.tracing.MessageLogContext;
import dev.herald.support.tracing.MessageTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt at a callback: checks the URL against the SSRF guard again (its DNS may have changed since
 * the request), signs the body with the account's current secret and POSTs it over one shared keep-alive client.
 * Redirects are not followed: a 3xx is a failed attempt like any other answer that is not 2xx.
 */
@Component
class CallbackPoster {

    /** How an attempt went. */
    sealed interface Outcome {
        record Delivered() implements Outcome {}

        /** Worth retrying: a network error or an answer other than 2xx. */
        record Failed(String error) implements Outcome {}

        /** Not worth retrying: the URL is refused. */
        record Refused(String error) implements Outcome {}
    }

    static final String CALLBACK_ID_HEADER = "X-Herald-Callback-Id";
    private static final String USER_AGENT = "Herald-Callbacks/1";

    private final CallbackUrlGuard guard;
    private final CallbackSecrets secrets;
    private final Clock clock;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final MessageTraces traces;

    CallbackPoster(CallbackUrlGuard guard, CallbackSecrets secrets, Clock clock, CallbackProperties properties,
                   MessageTraces traces) {
        this.traces = traces;
        this.guard = guard;
        this.secrets = secrets;
        this.clock = clock;
        this.requestTimeout = properties.requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The SSRF guard's verdict on {@code url} as an outcome: null when the callback may be sent. */
    Outcome check(URI url) {
        return switch (guard.check(url)) {
            case CallbackUrlGuard.Verdict.Refused refused -> new Outcome.Refused("Refused: " + refused.reason());
            case CallbackUrlGuard.Verdict.Unresolvable unresolvable -> new Outcome.Failed(capitalized(unresolvable.reason()));
            case CallbackUrlGuard.Verdict.Allowed allowed -> null;
        };
    }

    /** The account's current signing secret. */
    String secret(UUID accountId) {
        return secrets.current(accountId).secret();
    }

    /** POSTs a callback whose URL passed {@link #check}, signed with {@code secret}. */
    Outcome post(CallbackOutbox.Claimed callback, URI url, String secret) {
        if (!traces.enabled()) {
            return send(callback, url, secret);
        }
        Span span = traces.start(callback.messageId(), "herald.callback", SpanKind.CLIENT)
                .setAttribute("server.address", String.valueOf(url.getHost()))
                .setAttribute("herald.callback.attempt", callback.attempts() + 1);
        MessageLogContext.put(callback.messageId());
        try {
            Outcome outcome = send(callback, url, secret);
            span.setAttribute("herald.outcome", outcome.getClass().getSimpleName());
            if (!(outcome instanceof Outcome.Delivered)) {
                span.setStatus(StatusCode.ERROR, outcome.getClass().getSimpleName());
            }
            return outcome;
        } finally {
            MessageLogContext.clear();
            span.end();
        }
    }

    private Outcome send(CallbackOutbox.Claimed callback, URI url, String secret) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(url);
        } catch (IllegalArgumentException e) {
            // A URL the HTTP client cannot use at all will not get better with retries.
            return new Outcome.Refused("Refused: " + Excerpt.of(e.getMessage()));
        }
        if (traces.enabled()) {
            // The receiver can continue the message's trace (W3C Trace Context).
            builder.header("traceparent", traces.traceparent(callback.messageId()));
        }
        HttpRequest request = builder
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header(CALLBACK_ID_HEADER, Long.toString(callback.id()))
                .header(CallbackSignature.HEADER, CallbackSignature.header(secret, clock.instant(), callback.body()))
                .POST(HttpRequest.BodyPublishers.ofString(callback.body(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // The answer's body is not needed; closing it at once keeps a large or endless one from holding us.
            response.body().close();
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Outcome.Delivered() : new Outcome.Failed("HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return new Outcome.Failed("Connect timed out after " + http.connectTimeout().orElseThrow().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed("No answer within " + requestTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome.Failed("Network error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Excerpt.of(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("Interrupted (node shutting down)");
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

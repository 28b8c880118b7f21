package dev.herald;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like client of the console over plain HTTP: it keeps the session cookie, reads the CSRF token from
 * the pages it gets, and follows no redirects, so tests see each 302 and 403 as they are.
 */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;
    private String csrf;

    public ConsoleSession(String base) {
        this(base, null);
    }

    /** A session from its own loopback address (127.x.y.z), so that failed sign-ins it counts lock no other test. */
    public ConsoleSession(String base, InetAddress from) {
        this.base = base;
        HttpClient.Builder client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER);
        this.http = (from == null ? client : client.localAddress(from)).build();
    }

    public record Page(int status, String location, String body) {}

    /** Signs in with the console's form; the page it lands on (a redirect). */
    public Page signIn(String username, String password) {
        get("/console/login");
        Page landed = post("/console/login", Map.of("username", username, "password", password));
        csrf = null;
        if (landed.location() != null && !landed.location().contains("/console/login")) {
            // the session's CSRF token changes at sign-in: read it from the page signed in to
            get(URI.create(landed.location()).getPath());
        }
        return landed;
    }

    public Page get(String path) {
        Page page = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        remember(page.body());
        return page;
    }

    /** Posts a form with the CSRF token of the last page read (reads one first when there is none). */
    public Page post(String path, Map<String, String> form) {
        if (csrf == null) {
            get("/console/login");
        }
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrf != null) {
            fields.put("_csrf", csrf);
        }
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Page page = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        remember(page.body());
        return page;
    }

    private void remember(String body) {
        Matcher input = CSRF.matcher(body);
        Matcher meta = CSRF_META.matcher(body);
        if (input.find()) {
            csrf = input.group(1);
        } else if (meta.find()) {
            csrf = meta.group(1);
        }
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

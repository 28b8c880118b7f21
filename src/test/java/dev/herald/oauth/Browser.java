package dev.herald.oauth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.HtmlUtils;

/** A user's browser for the OAuth pages: keeps cookies, does not follow redirects (tests look at each one). */
final class Browser {

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;

    Browser(String base) {
        this.base = base;
    }

    record Page(int status, String location, String body) {

        /** The value of the first input named {@code name}, HTML-unescaped. */
        String input(String name) {
            List<String> values = inputs(name);
            if (values.isEmpty()) {
                throw new AssertionError("No input " + name + " in:\n" + body);
            }
            return values.getFirst();
        }

        List<String> inputs(String name) {
            Matcher m = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"")
                    .matcher(body);
            List<String> values = new ArrayList<>();
            while (m.find()) {
                values.add(HtmlUtils.htmlUnescape(m.group(1)));
            }
            return values;
        }
    }

    Page get(String url) {
        return send(HttpRequest.newBuilder(resolve(url)).header("Accept", "text/html").GET().build());
    }

    /** Posts a form; {@code fields} are name, value pairs (a name may repeat). */
    Page post(String url, String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
        }
        return send(HttpRequest.newBuilder(resolve(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    }

    URI resolve(String url) {
        return URI.create(base).resolve(url);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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

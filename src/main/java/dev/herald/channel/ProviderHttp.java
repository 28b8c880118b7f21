package dev.herald.channel;

import dev.herald.support.Excerpt;
import java.net.http.HttpClient;
import java.time.Duration;

/** What every HTTP adapter shares. */
public final class ProviderHttp {

    private ProviderHttp() {}

    /**
     * An HTTP client for calls to a provider: 5 s to connect, and redirects never followed, since a redirect
     * could lead a call that passed the SSRF guard onto the operator's own network.
     */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A provider's answer for an error message: a short excerpt, cleaned of control characters. */
    public static String quoted(String text) {
        return Excerpt.of(text);
    }
}

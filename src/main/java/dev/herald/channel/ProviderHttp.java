package dev.herald.channel;

import java.net.http.HttpClient;
import java.time.Duration;

/** What every HTTP adapter shares. */
public final class ProviderHttp {

    private static final int MAX_QUOTED = 300;

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

    /** A provider's answer for an error message, cut short. */
    public static String quoted(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }
}

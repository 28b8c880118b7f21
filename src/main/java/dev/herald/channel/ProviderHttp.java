package dev.herald.channel;

import dev.herald.support.Excerpt;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

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

    /**
     * As {@link #client()}, for a gateway that takes many small POSTs: HTTP/1.1 (no h2c upgrade attempt on plain
     * http), its connections kept alive and reused by the client's pool, and the client's own work done on virtual
     * threads rather than a pool of platform threads that grows with the requests in flight.
     */
    public static HttpClient keepAliveClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** A provider's answer for an error message: a short excerpt, cleaned of control characters. */
    public static String quoted(String text) {
        return Excerpt.of(text);
    }
}

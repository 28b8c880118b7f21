package dev.herald.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The address at which the outside world reaches this Herald ({@code herald.public-base-url}), for URLs that
 * Herald hands to others, such as the webhook it registers with a Telegram bot. Without the setting it is
 * {@code http://localhost:<server port>}, which only local tools can reach.
 */
@Component
public class PublicBaseUrl {

    private final String configured;
    private final Environment environment;
    private volatile String listening;

    PublicBaseUrl(@Value("${herald.public-base-url:}") String configured, Environment environment) {
        this.configured = configured == null ? "" : configured.strip().replaceAll("/+$", "");
        this.environment = environment;
    }

    /** The base URL without a trailing slash. */
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        String known = listening;
        if (known != null) {
            return known;
        }
        // The port the server really listens on (server.port may be 0 = random), remembered once it is known:
        // looking a property up walks every property source.
        String port = environment.getProperty("local.server.port");
        if (port != null) {
            listening = "http://localhost:" + port;
            return listening;
        }
        return "http://localhost:" + environment.getProperty("server.port", "8080");
    }

    /** {@code path} (starting with /) under the base URL. */
    public String resolve(String path) {
        return get() + path;
    }

    /**
     * Why the outside world cannot reach the base URL, while {@code herald.public-base-url} is unset, not an
     * absolute http(s) URL, or on a loopback host: then recipients cannot open short links and providers cannot
     * call Herald's webhooks. Empty when it looks public. Names are not resolved, so this costs no DNS look-up.
     */
    public Optional<String> notice() {
        if (configured.isEmpty()) {
            return Optional.of("herald.public-base-url (HERALD_PUBLIC_BASE_URL) is not set, so short links and webhook "
                    + "URLs point at " + get() + ", which recipients and providers cannot reach. Set it to the public "
                    + "address of this Herald, e.g. https://herald.example.com.");
        }
        URI uri;
        try {
            uri = new URI(configured);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return Optional.of("herald.public-base-url is '" + configured + "', which is not an absolute http(s) URL; "
                    + "set it to the public address of this Herald, e.g. https://herald.example.com.");
        }
        if (isLoopback(uri.getHost())) {
            return Optional.of("herald.public-base-url is " + configured + ", a loopback address, so short links and "
                    + "webhook URLs work only on this machine. Set it to the public address of this Herald.");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("0.0.0.0") || name.equals("::")) {
            return true;
        }
        // Only address literals: a name is not looked up here.
        if (name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.contains(":")) {
            try {
                InetAddress address = InetAddress.getByName(name);
                return address.isLoopbackAddress() || address.isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}

package dev.herald.web;

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

    PublicBaseUrl(@Value("${herald.public-base-url:}") String configured, Environment environment) {
        this.configured = configured == null ? "" : configured.strip().replaceAll("/+$", "");
        this.environment = environment;
    }

    /** The base URL without a trailing slash. */
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        // The port the server really listens on (server.port may be 0 = random).
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://localhost:" + port;
    }

    /** {@code path} (starting with /) under the base URL. */
    public String resolve(String path) {
        return get() + path;
    }
}

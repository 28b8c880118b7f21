package dev.herald.chat.widget;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Web origins as browsers send them in {@code Origin}: {@code scheme://host[:port]}, lower case. */
final class Origins {

    private Origins() {}

    /** The origin in its canonical form, or empty when it is not an http(s) origin without path, query or user. */
    static Optional<String> canonical(String value) {
        if (value == null || value.isBlank() || value.length() > 255) {
            return Optional.empty();
        }
        String stripped = value.strip();
        if (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        try {
            URI uri = new URI(stripped);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}

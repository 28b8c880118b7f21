package dev.herald.sso;

import dev.herald.support.BlockedAddresses;
import dev.herald.support.HostResolver;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the URLs Herald itself fetches for single sign-on (the issuer's discovery document, its token endpoint
 * and keys) off the operator's own network (SSRF), with the classifier of callbacks and provider connections
 * ({@link BlockedAddresses}): refused unless {@code herald.sso.allow-private-addresses} is set (an identity
 * provider on the internal network, tests). Checked when the settings are stored and on every discovery.
 */
@Component
class IssuerGuard {

    private final boolean allowPrivateAddresses;
    private final HostResolver resolver;

    IssuerGuard(@Value("${herald.sso.allow-private-addresses:false}") boolean allowPrivateAddresses,
                HostResolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = resolver;
    }

    /** Why Herald must not fetch {@code url}; empty when it may. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("must be an absolute http(s) URL");
        }
        boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null) {
            return Optional.of("must be an absolute http(s) URL");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            return Optional.of("port " + uri.getPort() + " is outside 1-65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.of("must have no user, query or fragment");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host " + uri.getHost() + " could not be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedAddresses.reason(address);
            if (blocked.isPresent()) {
                return Optional.of(uri.getHost() + " is " + blocked.get() + "; identity providers may only be on "
                        + "public addresses unless the operator sets herald.sso.allow-private-addresses");
            }
        }
        return Optional.empty();
    }
}

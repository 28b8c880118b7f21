package dev.herald.provider;

import dev.herald.support.BlockedAddresses;
import dev.herald.support.HostResolver;
import dev.herald.web.FieldProblem;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps account-configured provider endpoints off the operator's own network (SSRF): a {@code host} setting or
 * a {@code ...Url}/{@code ...Uri} setting whose host is, or resolves to, an address that is not globally
 * reachable ({@link BlockedAddresses}, the same classifier as callbacks) is refused unless
 * {@code herald.providers.allow-private-addresses} is set (an operator whose SMSC sits on the internal network
 * sets it). Checked when a connection is stored and again before each use.
 */
@Component
class ProviderAddressGuard {

    private final boolean allowPrivateAddresses;
    private final HostResolver resolver;

    ProviderAddressGuard(@Value("${herald.providers.allow-private-addresses:false}") boolean allowPrivateAddresses,
                         HostResolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = resolver;
    }

    /**
     * Why a stored connection may not be used now: one of its hosts resolves to a refused address today,
     * though it did not when the connection was stored (a name re-pointed at the internal network). Empty
     * when all is well or a host does not resolve at all (the adapter then fails as it would anyway).
     */
    Optional<String> refusalNow(Map<String, String> settings) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        return problems(settings).stream()
                .filter(p -> !p.message().endsWith("could not be resolved"))
                .map(p -> p.field() + ": " + p.message())
                .findFirst();
    }

    List<FieldProblem> problems(Map<String, String> settings) {
        List<FieldProblem> problems = new ArrayList<>();
        settings.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            Optional<String> host = name.equals("host") ? Optional.of(value.strip())
                    : name.endsWith("Url") || name.endsWith("Uri") ? urlHost(value) : Optional.empty();
            if (name.endsWith("Url") || name.endsWith("Uri")) {
                if (host.isEmpty()) {
                    problems.add(new FieldProblem("settings." + name, "must be an absolute http(s) URL"));
                    return;
                }
                int port = URI.create(value.strip()).getPort();
                if (port != -1 && (port < 1 || port > 65535)) {
                    problems.add(new FieldProblem("settings." + name, "port " + port + " is outside 1-65535"));
                    return;
                }
            }
            host.flatMap(this::refusal).ifPresent(reason -> problems.add(new FieldProblem("settings." + name, reason)));
        });
        return problems;
    }

    private Optional<String> refusal(String host) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " could not be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedAddresses.reason(address);
            if (blocked.isPresent()) {
                return Optional.of(host + " is " + blocked.get() + "; provider connections may only reach public "
                        + "addresses unless the operator sets herald.providers.allow-private-addresses");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> urlHost(String url) {
        try {
            URI uri = URI.create(url.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http ? Optional.ofNullable(uri.getHost()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

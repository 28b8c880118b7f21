package dev.herald.callback;

import dev.herald.support.BlockedAddresses;
import dev.herald.support.HostResolver;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps callbacks off the operator's own network (SSRF): a callback URL whose host is, or resolves to, an
 * address that is not globally reachable ({@link BlockedAddresses}: loopback, private, link-local, CGNAT,
 * documentation, benchmarking, multicast, ...) is refused, unless {@code herald.callbacks.allow-private-addresses}
 * is set; so is a port outside 1-65535, whatever that switch says. Checked when a send request arrives (each
 * distinct host resolved once per request, all in parallel, within {@code herald.callbacks.resolve-timeout}) and
 * again just before every POST, so a host that re-points its DNS after the request is caught too. At the request
 * only what is certainly forbidden is refused: a name that does not resolve (now) is accepted and judged again
 * when the callback is sent. Providers that post to URLs users supply (Web Push subscription endpoints) check
 * them here too, with the same switch.
 */
@Component
public class CallbackUrlGuard {

    private static final int PARALLEL_LOOKUPS = 16;

    /** What a check found. */
    public sealed interface Verdict {
        record Allowed() implements Verdict {}

        /** The host resolves to an address callbacks must not reach; retrying will not help. */
        record Refused(String reason) implements Verdict {}

        /** The host did not resolve (now); it may later. */
        record Unresolvable(String reason) implements Verdict {}
    }

    private final boolean allowPrivateAddresses;
    private final Duration resolveTimeout;
    private final HostResolver resolver;
    private final ExecutorService lookups = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("herald-callback-dns-", 0).factory());
    private final Semaphore lookupSlots = new Semaphore(PARALLEL_LOOKUPS);

    @Autowired
    CallbackUrlGuard(CallbackProperties properties, HostResolver resolver) {
        this(properties.allowPrivateAddresses(), properties.resolveTimeout(), resolver);
    }

    CallbackUrlGuard(boolean allowPrivateAddresses, Duration resolveTimeout, HostResolver resolver) {
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolveTimeout = resolveTimeout;
        this.resolver = resolver;
    }

    /**
     * Checks the callback URLs of one send request.
     *
     * @param urls one entry per message group: an absolute http(s) URL, or null when the group has none (or
     *             one already reported as malformed)
     * @return the refused indexes of {@code urls}, in order, each with a sentence saying why; a host that does not
     *         resolve (now) is not refused here, it is judged again when the callback is sent
     */
    public Map<Integer, String> refusals(List<String> urls) {
        Map<Integer, String> refusals = new TreeMap<>();
        Map<Integer, String> hostByIndex = new TreeMap<>();
        for (int i = 0; i < urls.size(); i++) {
            int index = i;
            Optional<String> badPort = portProblem(urls.get(i));
            if (badPort.isPresent()) {
                refusals.put(index, badPort.get());
                continue;
            }
            host(urls.get(i)).ifPresent(host -> hostByIndex.put(index, host));
        }
        if (allowPrivateAddresses || hostByIndex.isEmpty()) {
            // No DNS for requests of deployments that allow every address.
            return refusals;
        }
        Map<String, Verdict> verdicts = judgeAll(new LinkedHashSet<>(hostByIndex.values()));
        hostByIndex.forEach((index, host) -> {
            if (verdicts.get(host) instanceof Verdict.Refused refused) {
                refusals.put(index, refused.reason());
            }
        });
        return refusals;
    }

    /** Whether the operator lets outbound URLs reach private addresses (development and test set-ups). */
    public boolean allowsPrivateAddresses() {
        return allowPrivateAddresses;
    }

    /** Checks one URL just before Herald sends to it. */
    public Verdict check(URI url) {
        Optional<String> badPort = portProblem(url.toString());
        if (badPort.isPresent()) {
            return new Verdict.Refused(badPort.get());
        }
        if (allowPrivateAddresses) {
            return new Verdict.Allowed();
        }
        return host(url.toString()).map(this::judge).orElseGet(() -> new Verdict.Refused("the URL has no host"));
    }

    private Map<String, Verdict> judgeAll(Set<String> hosts) {
        List<String> ordered = new ArrayList<>(hosts);
        List<Callable<Verdict>> tasks = ordered.stream().map(host -> (Callable<Verdict>) () -> judgeInTurn(host)).toList();
        List<Future<Verdict>> futures;
        try {
            futures = lookups.invokeAll(tasks, resolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resolving callback hosts", e);
        }
        Map<String, Verdict> verdicts = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            verdicts.put(ordered.get(i), outcome(ordered.get(i), futures.get(i)));
        }
        return verdicts;
    }

    private Verdict outcome(String host, Future<Verdict> future) {
        if (future.isCancelled()) {
            return new Verdict.Unresolvable("host " + display(host) + " did not resolve within "
                    + resolveTimeout.toMillis() + " ms");
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            return new Verdict.Unresolvable("host " + display(host) + " could not be resolved: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resolving callback hosts", e);
        }
    }

    /** Bounds the lookups running at once, so one request with many hosts cannot flood the resolver. */
    private Verdict judgeInTurn(String host) throws InterruptedException {
        lookupSlots.acquire();
        try {
            return judge(host);
        } finally {
            lookupSlots.release();
        }
    }

    private Verdict judge(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Verdict.Unresolvable("host " + display(host) + " could not be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            return new Verdict.Unresolvable("host " + display(host) + " could not be resolved");
        }
        // Every address counts: a name with one public and one private record could be sent to either.
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedAddresses.reason(address);
            if (blocked.isPresent()) {
                String what = isLiteral(host, address) ? display(host) + " is " + blocked.get()
                        : display(host) + " resolves to " + address.getHostAddress() + ", " + blocked.get();
                return new Verdict.Refused(what + "; callbacks may only go to public addresses");
            }
        }
        return new Verdict.Allowed();
    }

    /** A port the URL names that no connection can use (URI accepts any digits). */
    private static Optional<String> portProblem(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            int port = URI.create(url).getPort();
            return port == -1 || (port >= 1 && port <= 65535) ? Optional.empty()
                    : Optional.of("port " + port + " is outside 1-65535");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> host(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(URI.create(url).getHost()).map(h -> h.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isLiteral(String host, InetAddress address) {
        return display(host).equalsIgnoreCase(address.getHostAddress()) || host.startsWith("[");
    }

    private static String display(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}

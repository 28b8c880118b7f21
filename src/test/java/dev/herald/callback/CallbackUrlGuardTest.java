package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard with private addresses not allowed (the production default), as the request validator and
 * the callback sender use it. Names resolve through a small table instead of DNS, so the test is fast and
 * works offline; IP literals go through the JDK as in production.
 */
class CallbackUrlGuardTest {

    private final Map<String, String[]> dns = new ConcurrentHashMap<>(Map.of(
            "hooks.example.com", new String[] {"93.184.216.34"},
            "internal.example.com", new String[] {"10.1.2.3"},
            "split.example.com", new String[] {"93.184.216.34", "192.168.0.10"},
            "metadata.example.com", new String[] {"169.254.169.254"},
            "localhost", new String[] {"127.0.0.1", "::1"}));
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    private final CallbackUrlGuard guard = new CallbackUrlGuard(false, Duration.ofSeconds(2), this::resolve);

    @Test
    void aLoopbackUrlIsRefusedAtRequestTimeWithItsIndex() {
        Map<Integer, String> refusals = guard.refusals(Arrays.asList(
                "https://hooks.example.com/herald", null, "http://127.0.0.1:8080/callback"));

        assertThat(refusals).containsOnlyKeys(2);
        assertThat(refusals.get(2)).isEqualTo(
                "127.0.0.1 is a loopback address; callbacks may only go to public addresses");
    }

    @Test
    void everyKindOfInternalTargetIsRefused() {
        List<String> urls = List.of(
                "http://localhost:9000/cb",
                "http://internal.example.com/cb",
                "http://split.example.com/cb",
                "http://metadata.example.com/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/cb",
                "http://[fd00::1]/cb",
                "http://100.64.1.1/cb",
                "http://0.0.0.0/cb",
                "http://[::ffff:192.168.0.1]/cb");

        Map<Integer, String> refusals = guard.refusals(urls);

        assertThat(refusals).hasSize(urls.size());
        assertThat(refusals.get(0)).startsWith("localhost resolves to 127.0.0.1, a loopback address");
        assertThat(refusals.get(1)).startsWith("internal.example.com resolves to 10.1.2.3, a private address");
        assertThat(refusals.get(2)).as("one private record is enough").contains("192.168.0.10");
        assertThat(refusals.get(3)).contains("169.254.169.254", "link-local");
        assertThat(refusals.get(5)).contains("loopback");
        assertThat(refusals.get(6)).contains("private");
        assertThat(refusals.get(7)).contains("carrier-grade NAT");
        assertThat(refusals.get(8)).contains("unspecified");
        assertThat(refusals.get(9)).contains("private");
    }

    @Test
    void eachDistinctHostIsResolvedOncePerRequest() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            urls.add("https://hooks.example.com/herald?group=" + i);
            urls.add("https://HOOKS.example.com:443/other");
            urls.add("http://localhost/" + i);
        }

        Map<Integer, String> refusals = guard.refusals(urls);

        assertThat(refusals).hasSize(500);
        assertThat(lookups.get("hooks.example.com")).hasValue(1);
        assertThat(lookups.get("localhost")).hasValue(1);
    }

    @Test
    void anUnresolvableHostIsAcceptedAtRequestTimeAndJudgedAgainWhenSent() {
        assertThat(guard.refusals(List.of("https://nowhere.example.com/cb", "http://10.0.0.1/cb")))
                .containsOnlyKeys(1);
        assertThat(guard.check(URI.create("https://nowhere.example.com/cb")))
                .isInstanceOf(CallbackUrlGuard.Verdict.Unresolvable.class);
    }

    @Test
    void aPortOutsideTheRangeIsRefusedAtRequestAndSendTimeWhateverTheOperatorAllows() {
        CallbackUrlGuard open = new CallbackUrlGuard(true, Duration.ofSeconds(1), this::resolve);

        assertThat(open.refusals(List.of("http://hooks.example.com:99999/cb", "http://hooks.example.com:0/cb",
                "http://hooks.example.com:65535/cb")))
                .containsEntry(0, "port 99999 is outside 1-65535").containsOnlyKeys(0, 1);
        assertThat(guard.check(URI.create("http://hooks.example.com:99999/cb")))
                .isEqualTo(new CallbackUrlGuard.Verdict.Refused("port 99999 is outside 1-65535"));
    }

    @Test
    void aHostThatDoesNotResolveInTimeIsAcceptedWithoutWaitingLonger() {
        CallbackUrlGuard impatient = new CallbackUrlGuard(false, Duration.ofMillis(100), host -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
        long started = System.nanoTime();

        Map<Integer, String> refusals = impatient.refusals(List.of("https://slow.example.com/cb", "https://slow2.example.com/cb"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(refusals).isEmpty();
    }

    @Test
    void atSendTimeARefusalIsFinalButAFailedLookupIsNot() {
        assertThat(guard.check(URI.create("https://hooks.example.com/herald")))
                .isInstanceOf(CallbackUrlGuard.Verdict.Allowed.class);
        // The host was public when the request came; its DNS now points inside (rebinding).
        dns.put("hooks.example.com", new String[] {"127.0.0.1"});
        assertThat(guard.check(URI.create("https://hooks.example.com/herald")))
                .isInstanceOf(CallbackUrlGuard.Verdict.Refused.class);
        assertThat(guard.check(URI.create("https://gone.example.com/herald")))
                .isInstanceOf(CallbackUrlGuard.Verdict.Unresolvable.class);
    }

    @Test
    void whenTheOperatorAllowsPrivateAddressesNothingIsResolved() {
        CallbackUrlGuard open = new CallbackUrlGuard(true, Duration.ofSeconds(1), host -> {
            throw new AssertionError("no lookup expected for " + host);
        });

        assertThat(open.refusals(List.of("http://127.0.0.1:8080/cb", "http://nowhere.invalid/cb"))).isEmpty();
        assertThat(open.check(URI.create("http://10.0.0.1/cb"))).isInstanceOf(CallbackUrlGuard.Verdict.Allowed.class);
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        if (host.startsWith("[") || Character.isDigit(host.charAt(0))) {
            return InetAddress.getAllByName(host);
        }
        String[] addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }
}

package dev.herald.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a table in place of DNS for the outbound-address guards, so tests can make a name public, private or
 * failing without the network. IP literals come back as themselves, as with the JDK resolver; a name the table
 * does not know fails as an unknown host.
 */
@TestConfiguration
public class FakeDns {

    private static final Map<String, String[]> NAMES = new ConcurrentHashMap<>();
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    /** {@code host} resolves to {@code addresses} (IP literals). */
    public static void answer(String host, String... addresses) {
        FAILING.remove(host);
        NAMES.put(host, addresses);
    }

    /** Looking {@code host} up fails, as when the resolver is down or answers SERVFAIL. */
    public static void fail(String host) {
        NAMES.remove(host);
        FAILING.add(host);
    }

    @Bean
    @Primary
    HostResolver fakeHostResolver() {
        return FakeDns::resolve;
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (name.contains(":") || name.matches("[0-9.]+")) {
            return InetAddress.getAllByName(name);
        }
        String[] addresses = FAILING.contains(name) ? null : NAMES.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name + ": lookup failed (fake DNS)");
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }
}

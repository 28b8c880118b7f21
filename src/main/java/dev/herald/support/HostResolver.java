package dev.herald.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks a host name up for the outbound-address guards (callbacks, provider connections, Web Push). A bean, so
 * that tests can put a table or a failing DNS in its place without touching the network; IP literals must come
 * back as themselves, as the JDK resolver does.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code host}; never empty. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}

package dev.herald.channel;

import java.net.URI;
import java.util.Optional;

/**
 * Keeps what adapters send to URLs that users supply (Web Push subscription endpoints) off the operator's own
 * network (SSRF), by the same rules and switch as status callbacks; implemented next to them.
 */
public interface UrlGuard {

    /** Whether the operator lets outbound URLs reach private addresses (development and test set-ups). */
    boolean allowsPrivateAddresses();

    /** Why Herald must not send to {@code url} now, checked just before it does; empty when it may. */
    Optional<Refusal> refusal(URI url);

    /**
     * @param lasting true when the URL's host is an address Herald must not reach (retrying will not help), false
     *                when it did not resolve now (it may later)
     */
    record Refusal(String reason, boolean lasting) {}
}

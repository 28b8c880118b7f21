package dev.herald.callback;

import dev.herald.channel.UrlGuard;
import java.net.InetAddress;
import java.time.Duration;

/** A {@link CallbackUrlGuard} as production runs it (private addresses refused), for tests of other packages. */
public final class StrictUrlGuard {

    private StrictUrlGuard() {}

    public static CallbackUrlGuard create() {
        return new CallbackUrlGuard(false, Duration.ofSeconds(3), InetAddress::getAllByName);
    }

    /** The same rules as provider adapters see them. */
    public static UrlGuard forProviders() {
        return new ProviderUrlGuard(create());
    }
}

package dev.herald.provider;

import dev.herald.channel.Channel;
import java.util.UUID;

/**
 * Whether an account routes a channel over several connections (the routing capability answers). When it does,
 * and the request names no provider, messages record {@link #routeName} and their connection is chosen at each
 * hand-over.
 */
public interface ChannelRoutes {

    boolean routes(UUID account, Channel channel);

    /** The provider name messages of a routed channel record until a connection accepts them. */
    static String routeName(Channel channel) {
        return "route:" + channel.key();
    }

    /** Whether a provider name recorded on a message stands for its account's route. */
    static boolean isRouteName(String provider) {
        return provider != null && provider.startsWith("route:");
    }
}

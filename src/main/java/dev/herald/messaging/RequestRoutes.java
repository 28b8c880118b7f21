package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.provider.ProviderRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The providers one request's channels go through, each looked up once for its validation and its storing
 * (a default route is a database look-up).
 */
final class RequestRoutes {

    private record Key(Channel channel, String requested) {}

    private final ProviderRegistry providers;
    private final AccountId account;
    private final Map<Key, Optional<String>> found = new HashMap<>();

    RequestRoutes(ProviderRegistry providers, AccountId account) {
        this.providers = providers;
        this.account = account;
    }

    /** See {@link ProviderRegistry#route}. */
    Optional<String> route(Channel channel, String requested) {
        return found.computeIfAbsent(new Key(channel, requested),
                key -> providers.route(account.value(), key.channel(), key.requested()));
    }
}

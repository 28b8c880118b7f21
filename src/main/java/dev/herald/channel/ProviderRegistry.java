package dev.herald.channel;

import dev.herald.channel.sandbox.SandboxProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Finds the provider for a channel. A request may name one; no name means the default route, which is the
 * sandbox until real connections exist. {@code TWIN} is accepted as a name for the default route because
 * TWIN clients send it for the platform's own delivery.
 */
@Component
public class ProviderRegistry {

    private static final String DEFAULT_ROUTE_ALIAS = "twin";

    private final Map<String, ChannelProvider> byName;

    ProviderRegistry(List<ChannelProvider> providers, List<ProviderSet> sets) {
        this.byName = Stream.concat(providers.stream(), sets.stream().flatMap(set -> set.providers().stream()))
                .collect(Collectors.toUnmodifiableMap(p -> p.name().toLowerCase(Locale.ROOT), Function.identity()));
    }

    /** The provider for {@code channel} named {@code requested} (blank = default), or empty if none fits. */
    public Optional<ChannelProvider> resolve(Channel channel, String requested) {
        String name = requested == null || requested.isBlank() || requested.equalsIgnoreCase(DEFAULT_ROUTE_ALIAS)
                ? SandboxProvider.NAME
                : requested.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(byName.get(name)).filter(p -> p.supports(channel));
    }

    public ChannelProvider byName(String name) {
        ChannelProvider provider = byName.get(name.toLowerCase(Locale.ROOT));
        if (provider == null) {
            throw new IllegalStateException("No provider named " + name);
        }
        return provider;
    }

    public String names() {
        return String.join(", ", byName.keySet());
    }
}

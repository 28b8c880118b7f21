package dev.herald.provider;

import dev.herald.channel.ProviderType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link ProviderType} the adapters contribute, by type name. */
@Component
public class ProviderTypes {

    private final Map<String, ProviderType> byType = new TreeMap<>();

    ProviderTypes(List<ProviderType> types) {
        types.forEach(t -> {
            if (byType.put(t.type().toLowerCase(Locale.ROOT), t) != null) {
                throw new IllegalStateException("Two provider types named " + t.type());
            }
        });
    }

    public Optional<ProviderType> find(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(byType.get(type.toLowerCase(Locale.ROOT)));
    }

    public List<ProviderType> all() {
        return List.copyOf(byType.values());
    }
}

package dev.herald.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.channel.SettingField;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A connection as the API shows it: secrets are never returned, only whether they are set. */
public record ConnectionView(
        UUID id,
        String name,
        String type,
        String channel,
        @JsonProperty("default") boolean isDefault,
        Map<String, String> settings,
        Instant createdAt,
        Instant updatedAt) {

    static final String MASK = "********";

    static ConnectionView of(ProviderConnections.Stored stored, Iterable<SettingField> fields) {
        var c = stored.connection();
        Map<String, String> shown = new LinkedHashMap<>(c.settings());
        for (SettingField field : fields) {
            if (field.secret() && shown.containsKey(field.name())) {
                shown.put(field.name(), MASK);
            }
        }
        return new ConnectionView(c.id(), c.name(), c.type(), c.channel().key(), stored.isDefault(), shown,
                stored.createdAt(), stored.updatedAt());
    }
}

package dev.herald.group;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A group (segment) of an account's contacts: {@code static} lists its members, {@code dynamic} is defined by
 * {@code conditions} evaluated whenever it is read or sent to.
 */
public record ContactGroup(long id, String name, String kind, JsonNode conditions, Instant createdAt) {

    public boolean dynamic() {
        return kind.equals("dynamic");
    }
}

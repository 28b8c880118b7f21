package dev.herald.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A connection as the API takes it. On update every field is optional: absent fields and settings keep their
 * value, a setting given as null is removed, and a secret given as its mask (or left out) keeps the secret.
 *
 * @param settings values may be strings, numbers, booleans or JSON objects (kept as JSON text, e.g. a
 *                 service-account key pasted as an object)
 */
public record ConnectionRequest(String name, String type, String channel, @JsonProperty("default") Boolean isDefault,
                                Map<String, Object> settings) {}

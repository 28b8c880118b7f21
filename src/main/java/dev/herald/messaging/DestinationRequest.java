package dev.herald.messaging;

import java.util.Map;

/** One recipient of a message group, with the addresses its channels need and its template variables. */
public record DestinationRequest(
        String phone,
        String email,
        String messengerUserId,
        Long contactId,
        String externalCustomerId,
        Map<String, Object> variables) {}

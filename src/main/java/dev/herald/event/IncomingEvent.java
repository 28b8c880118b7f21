package dev.herald.event;

import dev.herald.contact.ContactKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of a request, read and checked in form (not yet against its type's rules).
 *
 * @param path       where it is in the request, for problems: {@code ""} for a single event, {@code events[3].}
 * @param key        the contact locator: keyValue tried as the account's locator kinds, or an identifier in params
 * @param params     the parameters in request order
 * @param occurredAt when it happened: given for a past event, else null (now)
 * @param eventId    the caller's id, which makes sending it again a replay; null when not given
 */
record IncomingEvent(String path, String typeKey, String keyValue, ContactKeys.Key key, List<Param> params,
                     Instant occurredAt, String eventId) {

    /** One parameter, with its place in the request ({@code params[2]} or {@code params.orderId}). */
    record Param(String name, Object value, String path) {}

    Map<String, Object> paramMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        params.forEach(p -> map.put(p.name(), p.value()));
        return map;
    }
}

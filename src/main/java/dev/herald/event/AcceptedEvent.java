package dev.herald.event;

import dev.herald.auth.AccountId;
import java.time.Instant;
import java.util.Map;

/**
 * An event the events API has stored, as its subscribers see it.
 *
 * @param id         the stored event's id
 * @param typeKey    the event type ({@code eventTypeKey}), as the account spells it
 * @param contactId  the contact the event's {@code keyValue} found or created
 * @param params     the event's parameters by name: strings, numbers, booleans, lists and maps as sent
 * @param occurredAt when the event happened (now, or the time given for a past event)
 * @param past       whether it came through {@code past_events}: history, which starts no automation
 */
public record AcceptedEvent(long id, AccountId account, String typeKey, long contactId, Map<String, Object> params,
                            Instant occurredAt, boolean past) {}

package dev.herald.chat.session;

import java.time.Instant;
import java.util.UUID;

/**
 * Which sessions to list; null fields do not filter.
 *
 * @param from            created at or after
 * @param to              created before
 * @param chatOrSessionId a chat's id (its sessions) or a session's id (that one): TWIN's recipe passes the
 *                        chat message's providerMessageId, which is a session id, as {@code chatId}
 */
public record SessionFilter(Instant from, Instant to, UUID chatOrSessionId, UUID clientId, SessionStatus status) {}

package dev.herald.messaging;

import java.util.List;

/**
 * The body of {@code POST /api/v1/messages}, in TWIN's field names.
 *
 * @param bulkId optional: a UUID to file these messages under an existing or new bulk of the caller's
 */
public record SendMessagesRequest(String bulkId, String taskId, List<MessageGroupRequest> messages) {}

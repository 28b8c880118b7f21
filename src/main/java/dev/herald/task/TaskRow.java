package dev.herald.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.messaging.DestinationRequest;
import java.util.List;
import java.util.UUID;

/**
 * A row of a task's file as stored, and what became of it.
 *
 * @param number    the row's number in the spreadsheet (the header is row 1)
 * @param state     WAITING, INVALID, QUEUED (handed to delivery, not yet gone) or HANDED_OVER
 * @param status    the status of the flow the row became, once handed over
 * @param chatSessionId the session the row goes into, in a task into chat sessions (absent otherwise)
 */
public record TaskRow(@JsonProperty("row") int number, String state, DestinationRequest destination, List<RowError> errors, UUID flowId,
                      UUID messageId, String status,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String chatSessionId) {}

package dev.herald.stats;

import dev.herald.auth.AccountId;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.messaging.MessageView;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * TWIN's messaging statistics: messages of the account in a time range, with only the {@code fields} asked
 * for. For a {@code chat} message, {@code providerMessageId} is the chat session it started.
 */
@RestController
@RequestMapping("/api/v1/statistics/messaging")
@Tag(name = "Statistics", description = "Message statistics in TWIN's shape. API group: messages.")
class MessageStatisticsController {

    static final List<String> FIELDS = List.of("id", "providerMessageId", "status", "statusCode", "channel", "bulkId",
            "groupId", "flowId", "destination", "provider", "partCount", "attempts", "error", "callbackData",
            "createdAt", "updatedAt", "sentAt", "deliveredAt");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageQueries queries;
    private final JsonMapper json;

    MessageStatisticsController(MessageQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GetMapping("/messages")
    @Operation(summary = "Message statistics",
            description = "from is inclusive, to exclusive (ISO-8601 with offset). channel and status take "
                    + "comma-separated lists. fields selects the returned fields, in that order; all when absent.")
    Listing<Map<String, Object>> messages(
            AccountId account,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID bulkId,
            @RequestParam(required = false) Integer page,
            @Parameter(description = "Alias of page, as some TWIN examples spell it")
            @RequestParam(required = false) Integer pages,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String fields) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "must be after from");
        }
        List<String> selected = FieldSelection.parse(fields, FIELDS, unknown -> null);
        MessageFilter filter = new MessageFilter(bulkId, null, null, MessageFilter.parseChannels(channel),
                MessageFilter.parseStatuses(status), from, to);
        Paging paging = Paging.of(page != null ? page : pages, limit);
        List<Map<String, Object>> items = queries.list(account, filter, paging).stream()
                .map(view -> project(view, selected))
                .toList();
        return new Listing<>(queries.count(account, filter), items);
    }

    private Map<String, Object> project(MessageView view, List<String> selected) {
        return FieldSelection.project(json.convertValue(view, MAP), selected);
    }
}

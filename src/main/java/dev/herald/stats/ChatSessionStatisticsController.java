package dev.herald.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.auth.AccountId;
import dev.herald.chat.session.ChatSessionQueries;
import dev.herald.chat.session.SessionFilter;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * TWIN's chat session statistics: the account's sessions in a time range with the results their bots
 * recorded, so that a broadcast over the chat channel can be joined, by each message's providerMessageId,
 * with the dialogue it started.
 */
@RestController
@RequestMapping("/api/v1/statistics/chat")
@Tag(name = "Statistics", description = "Message statistics in TWIN's shape. API group: messages.")
class ChatSessionStatisticsController {

    static final String RESULTS = "dialogResultsFromBotJson";
    static final List<String> FIELDS = List.of("id", "name", "clientId", "messengerType", RESULTS, "chatId", "botId",
            "status", "clientAddress", "messageId", "createdAt", "lastActivityAt", "closedAt");
    /** A name in {@code fields} that is no session field but could be a scenario variable (TWIN's {@code nps}). */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ChatSessionQueries queries;
    private final JsonMapper json;

    ChatSessionStatisticsController(ChatSessionQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** The answer: {@code count} is left out with withoutCount, {@code items} with withoutItems. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionStatistics(Long count, List<Map<String, Object>> items) {}

    @GetMapping("/sessions")
    @Operation(summary = "Chat session statistics",
            description = "from is inclusive, to exclusive (ISO-8601 with offset), on the session's start. chatId "
                    + "takes a chat's id (its sessions) or a session's id, i.e. a chat message's providerMessageId "
                    + "(that session). fields selects the returned fields, in that order; a name that is not a "
                    + "session field is taken as a variable of the bot's results and returns "
                    + "dialogResultsFromBotJson.")
    SessionStatistics sessions(
            AccountId account,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) UUID chatId,
            @RequestParam(required = false) Boolean withoutCount,
            @RequestParam(required = false) Boolean withoutItems,
            @RequestParam(required = false) Integer page,
            @Parameter(description = "Alias of page, as some TWIN examples spell it")
            @RequestParam(required = false) Integer pages,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String fields) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "must be after from");
        }
        List<String> selected = FieldSelection.parse(fields, FIELDS,
                name -> VARIABLE.matcher(name).matches() ? RESULTS : null);
        Paging paging = Paging.of(page != null ? page : pages, limit);
        SessionFilter filter = new SessionFilter(from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), chatId, null, null);
        Long count = Boolean.TRUE.equals(withoutCount) ? null : queries.count(account, filter);
        List<Map<String, Object>> items = Boolean.TRUE.equals(withoutItems) ? null
                : queries.list(account, filter, paging).stream()
                .map(view -> FieldSelection.project(json.convertValue(view, MAP), selected))
                .toList();
        return new SessionStatistics(count, items);
    }
}

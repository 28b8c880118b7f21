package dev.herald.esputnik;

import dev.herald.auth.AccountId;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageQueries;
import dev.herald.messaging.MessageView;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * eSputnik's sending methods: instant sends of a text to given addresses ({@code message/sms}, {@code email},
 * {@code viber}), a stored template to recipients with per-recipient parameters ({@code message/{id}/smartsend}),
 * and the status of what they sent ({@code message/status}). See docs/broadcasts.md.
 */
@RestController
@RequestMapping("/api/v1/message")
@Tag(name = "eSputnik sending", description = "eSputnik's message/sms|email|viber, smartsend and status "
        + "(docs/broadcasts.md). API group: messages.")
class SendController {

    static final int MAX_RECIPIENTS = 1000;
    static final int MAX_STATUS_IDS = 500;
    private static final java.util.Set<String> DELIVERED = java.util.Set.of("DELIVERED", "READ", "CLICKED");
    private static final java.util.Set<String> FAILED = java.util.Set.of("FAILED", "UNDELIVERED", "EXPIRED", "CANCELLED");

    private final InstantSends sends;
    private final MessageQueries messages;
    private final JsonMapper json;

    SendController(InstantSends sends, MessageQueries messages, JsonMapper json) {
        this.sends = sends;
        this.messages = messages;
        this.json = json;
    }

    record SmsRequest(String from, String text, List<String> phoneNumbers, List<String> tags) {}

    record EmailRequest(String from, String subject, String htmlText, String plainText, List<String> emails,
                        List<String> tags, String externalRequestId, Boolean skipPersonalisation) {}

    record ViberRequest(String from, String text, List<String> phoneNumbers, String imageUrl, String buttonText,
                        String buttonUrl, List<String> tags) {}

    record Recipient(Long contactId, String locator, String jsonParam, String languageCode, String externalRequestId) {}

    record SmartSendRequest(List<Recipient> recipients, Boolean email, String fromName) {}

    /** A sent message's state as eSputnik reports it, with Herald's status and channel. */
    record Status(String requestId, String status, boolean delivered, boolean failed, String channel,
                  String locator, String error) {}

    record StatusResults(List<Status> results) {}

    @PostMapping("/sms")
    @Operation(summary = "Send an SMS to phone numbers", description = "eSputnik's answer: {id: 0, results: "
            + "[{locator, status: OK|ERROR, requestId}]} in the order of phoneNumbers.")
    @ApiResponse(responseCode = "200", description = "Accepted; each number has its result")
    @ApiResponse(responseCode = "400", description = "A field is wrong (named in the problem)")
    SendResults sms(AccountId account, @RequestBody SmsRequest request) {
        List<String> phones = addresses(request.phoneNumbers(), "phoneNumbers");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("from", request.from());
        options.put("text", request.text());
        List<DestinationRequest> destinations = phones.stream()
                .map(p -> new DestinationRequest(p, null, null, null, null, null)).toList();
        return sends.send(account, InstantSends.group(Map.of("sms", options(options)), null, destinations), phones,
                "phoneNumbers[%d]", field -> field.isEmpty() ? "sms" : field);
    }

    @PostMapping("/email")
    @Operation(summary = "Send an e-mail to addresses", description = "from, subject, htmlText and/or plainText "
            + "to emails; answers a result per address.")
    @ApiResponse(responseCode = "200", description = "Accepted; each address has its result")
    @ApiResponse(responseCode = "400", description = "A field is wrong (named in the problem)")
    SendResults email(AccountId account, @RequestBody EmailRequest request) {
        List<String> emails = addresses(request.emails(), "emails");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("from", request.from());
        options.put("subject", request.subject());
        options.put("html", request.htmlText());
        options.put("text", request.plainText());
        List<DestinationRequest> destinations = emails.stream()
                .map(e -> new DestinationRequest(null, e, null, null, null, null)).toList();
        return sends.send(account, InstantSends.group(Map.of("email", options(options)), null, destinations), emails,
                "emails[%d]", field -> switch (field) {
                    case "html" -> "htmlText";
                    case "text" -> "plainText";
                    case "" -> "email";
                    default -> field;
                });
    }

    @PostMapping("/viber")
    @Operation(summary = "Send a Viber message to phone numbers", description = "from, text (and an image or a "
            + "button) to phoneNumbers; answers a result per number.")
    @ApiResponse(responseCode = "200", description = "Accepted; each number has its result")
    @ApiResponse(responseCode = "400", description = "A field is wrong (named in the problem)")
    SendResults viber(AccountId account, @RequestBody ViberRequest request) {
        List<String> phones = addresses(request.phoneNumbers(), "phoneNumbers");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("from", request.from());
        String text = request.text();
        // Herald's Viber channel sends text; a button or image link goes with it rather than being lost.
        if (text != null && request.buttonUrl() != null && !request.buttonUrl().isBlank()) {
            text = text + "\n" + (request.buttonText() == null ? "" : request.buttonText() + ": ") + request.buttonUrl();
        }
        if (text != null && request.imageUrl() != null && !request.imageUrl().isBlank()) {
            text = text + "\n" + request.imageUrl();
        }
        options.put("text", text);
        List<DestinationRequest> destinations = phones.stream()
                .map(p -> new DestinationRequest(p, null, null, null, null, null)).toList();
        return sends.send(account, InstantSends.group(Map.of("viber", options(options)), null, destinations), phones,
                "phoneNumbers[%d]", field -> field.isEmpty() ? "viber" : field);
    }

    @PostMapping("/{id}/smartsend")
    @Operation(summary = "Send a stored template to recipients", description = "{id} is a template's id; each "
            + "recipient is a contactId or a locator (an e-mail when email is true, else a phone number), with "
            + "jsonParam (a JSON object as a string) for the template's variables. Answers a result per recipient.")
    @ApiResponse(responseCode = "200", description = "Accepted; each recipient has its result")
    @ApiResponse(responseCode = "400", description = "A field is wrong (named in the problem)")
    SendResults smartSend(AccountId account, @PathVariable String id, @RequestBody SmartSendRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Recipient> recipients = request.recipients() == null ? List.of() : request.recipients();
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw new InvalidRequestException("recipients", "must list 1 to " + MAX_RECIPIENTS + " recipients");
        }
        boolean email = Boolean.TRUE.equals(request.email());
        List<DestinationRequest> destinations = new ArrayList<>();
        List<String> locators = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            Recipient r = recipients.get(i);
            String path = "recipients[" + i + "]";
            if (r == null || (r.contactId() == null && (r.locator() == null || r.locator().isBlank()))) {
                problems.add(new FieldProblem(path, "needs a contactId or a locator"));
                continue;
            }
            Map<String, Object> variables = variables(r.jsonParam(), path + ".jsonParam", problems);
            String locator = r.locator() == null || r.locator().isBlank() ? null : r.locator().strip();
            destinations.add(new DestinationRequest(email || locator == null ? null : locator,
                    email ? locator : null, null, r.contactId(), null, variables));
            locators.add(locator != null ? locator : String.valueOf(r.contactId()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return sends.send(account, InstantSends.group(null, id, destinations), locators, "recipients[%d]",
                field -> field.isEmpty() ? "id" : field);
    }

    @GetMapping("/status")
    @Operation(summary = "The status of sent messages", description = "ids: the requestIds the sends answered, "
            + "comma-separated (at most 500). Unknown ids are left out.")
    @ApiResponse(responseCode = "400", description = "ids is missing, too long or not requestIds")
    StatusResults status(AccountId account, @RequestParam(required = false) String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidRequestException("ids", "is required: the requestIds, comma-separated");
        }
        String[] parts = ids.split(",");
        if (parts.length > MAX_STATUS_IDS) {
            throw new InvalidRequestException("ids", "at most " + MAX_STATUS_IDS + " per request");
        }
        List<Status> results = new ArrayList<>();
        for (String part : parts) {
            UUID id;
            try {
                id = UUID.fromString(part.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("ids", "'" + part.strip() + "' is not a requestId");
            }
            Optional<MessageView> found = messages.find(account, id);
            found.ifPresent(m -> results.add(new Status(m.id().toString(), m.status(),
                    DELIVERED.contains(m.status()), FAILED.contains(m.status()),
                    m.channel(), m.destination(), m.error() == null ? null : m.error().message())));
        }
        return new StatusResults(results);
    }

    private Map<String, Object> variables(String jsonParam, String path, List<FieldProblem> problems) {
        if (jsonParam == null || jsonParam.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(jsonParam);
            if (!node.isObject()) {
                problems.add(new FieldProblem(path, "must be a JSON object serialised as a string"));
                return null;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode value = entry.getValue();
                variables.put(entry.getKey(), value.isValueNode() ? value.asString() : json.writeValueAsString(value));
            }
            return variables;
        } catch (JacksonException e) {
            problems.add(new FieldProblem(path, "is not valid JSON"));
            return null;
        }
    }

    private ChannelOptions options(Map<String, Object> options) {
        options.values().removeIf(java.util.Objects::isNull);
        return json.convertValue(options, ChannelOptions.class);
    }

    private static List<String> addresses(List<String> given, String field) {
        if (given == null || given.isEmpty() || given.size() > MAX_RECIPIENTS) {
            throw new InvalidRequestException(field, "must list 1 to " + MAX_RECIPIENTS + " recipients");
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null || given.get(i).isBlank()) {
                problems.add(new FieldProblem(field + "[" + i + "]", "is empty"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return given.stream().map(String::strip).toList();
    }
}

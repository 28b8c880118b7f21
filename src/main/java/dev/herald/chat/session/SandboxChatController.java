package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.Scenario;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox messenger's client side: write to a chat as a client would, and see what the bot answers. */
@RestController
@RequestMapping("/api/v1/sandbox/chats")
@Tag(name = "Sandbox", description = "The built-in providers. API group: messages.")
class SandboxChatController {

    static final int MAX_TEXT = 4096;
    private static final int MAX_SHORT = 255;

    private final Chats chats;
    private final ChatInbox inbox;

    SandboxChatController(Chats chats, ChatInbox inbox) {
        this.chats = chats;
        this.inbox = inbox;
    }

    /**
     * @param from          the client's address: the messengerUserId or phone chat messages are sent to
     * @param payload       the value of a pressed button, instead of or with text
     * @param messengerType which of the chat's sandbox messengers; the first when absent
     * @param id            the message's id on the messenger, to take a message once however often it is posted
     */
    record InboundRequest(String from, String fromName, String text, String payload, String messengerType, String id) {}

    /** What the client's message led to. */
    record InboundResponse(UUID sessionId, SessionStatus status, boolean startedSession, boolean duplicate,
                           List<Reply> replies) {}

    record Reply(String text, List<Scenario.Button> buttons) {}

    @PostMapping("/{chatId}/inbound")
    @Operation(summary = "Send a message to a chat as a client",
            description = "Goes to the client's open session on the chat (a new one when there is none) and "
                    + "answers what the bot said back. The chat needs a sandbox messenger.")
    InboundResponse inbound(AccountId account, @PathVariable UUID chatId, @RequestBody InboundRequest request) {
        Chat chat = chats.find(account, chatId).orElseThrow(() -> new NotFoundException("No chat " + chatId));
        MessengerType type = validate(request, chat);
        Dialogues.Reception reception = inbox.receive(new Dialogues.Inbound(account, chat, type,
                Chat.Messenger.SANDBOX, request.from().strip(), request.fromName(), request.text(), request.payload(),
                request.id()));
        return new InboundResponse(reception.sessionId(), reception.status(), reception.started(),
                reception.duplicate(),
                reception.replies().stream().map(line -> new Reply(line.text(), line.buttons())).toList());
    }

    private static MessengerType validate(InboundRequest request, Chat chat) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with \"from\" and \"text\" or \"payload\" is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.from() == null || request.from().isBlank() || request.from().length() > MAX_SHORT) {
            problems.add(new FieldProblem("from", "is required: the client's messengerUserId or phone, at most "
                    + MAX_SHORT + " characters"));
        }
        boolean noText = request.text() == null || request.text().isBlank();
        if (noText && (request.payload() == null || request.payload().isBlank())) {
            problems.add(new FieldProblem("text", "text or payload is required"));
        }
        if (request.text() != null && request.text().length() > MAX_TEXT) {
            problems.add(new FieldProblem("text", "must be at most " + MAX_TEXT + " characters"));
        }
        checkLength(problems, "payload", request.payload());
        checkLength(problems, "fromName", request.fromName());
        checkLength(problems, "id", request.id());
        MessengerType type = null;
        if (request.messengerType() != null) {
            type = MessengerType.parse(request.messengerType()).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem("messengerType", "must be one of " + MessengerType.names()));
            } else if (chat.messenger(type).filter(Chat.Messenger::isSandbox).isEmpty()) {
                problems.add(new FieldProblem("messengerType", "chat '" + chat.name() + "' has no sandbox " + type
                        + " messenger"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (type != null) {
            return type;
        }
        return chat.messengers().stream().filter(Chat.Messenger::isSandbox).findFirst()
                .map(Chat.Messenger::messengerType)
                .orElseThrow(() -> new ConflictException("Chat '" + chat.name() + "' has no sandbox messenger; its "
                        + "clients write through its provider connections"));
    }

    private static void checkLength(List<FieldProblem> problems, String field, String value) {
        if (value != null && value.length() > MAX_SHORT) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_SHORT + " characters"));
        }
    }
}

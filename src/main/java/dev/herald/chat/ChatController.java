package dev.herald.chat;

import dev.herald.auth.AccountId;
import dev.herald.channel.ProviderConnection;
import dev.herald.chat.bot.Bots;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Chats of the calling account: where they reach clients and which bot answers there. */
@RestController
@RequestMapping("/api/v1/chats")
@Tag(name = "Chats", description = "Conversation endpoints bound to messengers (docs/chats.md). API group: full.")
class ChatController {

    private static final int MAX_NAME = 255;

    private final Chats chats;
    private final Bots bots;
    private final ProviderConnections connections;

    ChatController(Chats chats, Bots bots, ProviderConnections connections) {
        this.chats = chats;
        this.bots = bots;
        this.connections = connections;
    }

    /**
     * @param provider {@code sandbox} (the default) or a provider connection's id or name
     */
    record MessengerRequest(String messengerType, String provider) {}

    record ChatRequest(String name, UUID botId, List<MessengerRequest> messengers) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(summary = "Create a chat")
    Chat create(AccountId account, @RequestBody ChatRequest request) {
        List<Chat.Messenger> messengers = validate(account, request, null);
        return chats.create(account, request.name().strip(), request.botId(), messengers);
    }

    @GetMapping
    @Operation(summary = "List or search chats", description = "name: only chats whose name contains it, ignoring case.")
    Listing<Chat> list(AccountId account, @RequestParam(required = false) String name,
                       @RequestParam(required = false) Integer page,
                       @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return new Listing<>(chats.count(account, name), chats.list(account, name, paging));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a chat")
    Chat get(AccountId account, @PathVariable UUID id) {
        return chats.find(account, id).orElseThrow(() -> notFound(id));
    }

    @PutMapping("/{id}")
    @Transactional
    @Operation(summary = "Replace a chat's name, bot and messengers",
            description = "Open sessions go on with their bot; new sessions start with the chat's new bot.")
    Chat update(AccountId account, @PathVariable UUID id, @RequestBody ChatRequest request) {
        chats.find(account, id).orElseThrow(() -> notFound(id));
        List<Chat.Messenger> messengers = validate(account, request, id);
        return chats.update(account, id, request.name().strip(), request.botId(), messengers)
                .orElseThrow(() -> notFound(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(summary = "Delete a chat", description = "Deletes its sessions and their transcripts too.")
    void delete(AccountId account, @PathVariable UUID id) {
        if (!chats.delete(account, id)) {
            throw notFound(id);
        }
    }

    private List<Chat.Messenger> validate(AccountId account, ChatRequest request, UUID chatId) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with \"name\" and \"messengers\" is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME + " characters"));
        }
        if (request.botId() != null && bots.find(account, request.botId()).isEmpty()) {
            problems.add(new FieldProblem("botId", "no bot with this id"));
        }
        List<Chat.Messenger> messengers = new ArrayList<>();
        if (request.messengers() == null || request.messengers().isEmpty()) {
            problems.add(new FieldProblem("messengers", "at least one messenger is required, e.g. "
                    + "[{\"messengerType\": \"WHATSAPP\", \"provider\": \"sandbox\"}]"));
        } else if (request.messengers().size() > MessengerType.values().length) {
            problems.add(new FieldProblem("messengers", "at most one per messenger type"));
        } else {
            for (int i = 0; i < request.messengers().size(); i++) {
                messenger(account, problems, "messengers[" + i + "]", request.messengers().get(i), messengers, chatId)
                        .ifPresent(messengers::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return messengers;
    }

    private Optional<Chat.Messenger> messenger(AccountId account, List<FieldProblem> problems, String path,
                                               MessengerRequest request, List<Chat.Messenger> earlier, UUID chatId) {
        if (request == null) {
            problems.add(new FieldProblem(path, "must be an object with messengerType"));
            return Optional.empty();
        }
        MessengerType type = MessengerType.parse(request.messengerType()).orElse(null);
        if (type == null) {
            problems.add(new FieldProblem(path + ".messengerType", "is required, one of " + MessengerType.names()));
            return Optional.empty();
        }
        if (earlier.stream().anyMatch(m -> m.messengerType() == type)) {
            problems.add(new FieldProblem(path + ".messengerType", "a chat has one connection per messenger; "
                    + type + " is given twice"));
            return Optional.empty();
        }
        String provider = request.provider() == null || request.provider().isBlank()
                ? Chat.Messenger.SANDBOX : request.provider().strip();
        if (provider.equalsIgnoreCase(Chat.Messenger.SANDBOX)) {
            return Optional.of(new Chat.Messenger(type, Chat.Messenger.SANDBOX));
        }
        Optional<ProviderConnections.Stored> connection = connection(account, provider);
        if (connection.isEmpty()) {
            problems.add(new FieldProblem(path + ".provider", "no provider connection with this id or name; "
                    + "use \"sandbox\" for the built-in sandbox messenger"));
            return Optional.empty();
        }
        ProviderConnection c = connection.get().connection();
        if (type.channel().filter(ch -> ch == c.channel()).isEmpty()) {
            problems.add(new FieldProblem(path + ".provider", "connection '" + c.name() + "' serves the "
                    + c.channel().key() + " channel, not " + type
                    + (type.channel().isEmpty() ? " (only the sandbox serves " + type + ")" : "")));
            return Optional.empty();
        }
        Optional<String> other = chats.boundElsewhere(account, c.id(), chatId);
        if (other.isPresent()) {
            problems.add(new FieldProblem(path + ".provider", "connection '" + c.name() + "' already serves chat '"
                    + other.get() + "': a connection serves one chat, so that its messages find their chat"));
            return Optional.empty();
        }
        return Optional.of(new Chat.Messenger(type, c.id().toString()));
    }

    private Optional<ProviderConnections.Stored> connection(AccountId account, String provider) {
        try {
            return connections.find(account.value(), UUID.fromString(provider));
        } catch (IllegalArgumentException notAnId) {
            return connections.findByName(account.value(), provider);
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No chat " + id);
    }
}

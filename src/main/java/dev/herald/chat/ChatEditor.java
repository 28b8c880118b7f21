package dev.herald.chat;

import dev.herald.auth.AccountId;
import dev.herald.channel.ProviderConnection;
import dev.herald.chat.bot.Bots;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes an account's chats, checking them the same way for the API and the console:
 * a bad chat is an {@link InvalidRequestException} naming each field ({@code messengers[1].provider}).
 */
@Service
public class ChatEditor {

    static final int MAX_NAME = 255;

    /**
     * One messenger of a chat as a client asks for it.
     *
     * @param provider {@code sandbox} (the default) or a provider connection's id or name
     */
    public record MessengerRequest(String messengerType, String provider) {}

    /** A chat as a client asks for it; {@code messengers} in order, the first the default one. */
    public record ChatRequest(String name, UUID botId, List<MessengerRequest> messengers) {}

    private final Chats chats;
    private final Bots bots;
    private final ProviderConnections connections;

    ChatEditor(Chats chats, Bots bots, ProviderConnections connections) {
        this.chats = chats;
        this.bots = bots;
        this.connections = connections;
    }

    @Transactional
    public Chat create(AccountId account, ChatRequest request) {
        List<Chat.Messenger> messengers = validate(account, request, null);
        return chats.create(account, request.name().strip(), request.botId(), messengers);
    }

    /** Replaces the chat's name, bot and messengers; open sessions go on with the bot they started with. */
    @Transactional
    public Chat update(AccountId account, UUID id, ChatRequest request) {
        chats.find(account, id).orElseThrow(() -> notFound(id));
        List<Chat.Messenger> messengers = validate(account, request, id);
        return chats.update(account, id, request.name().strip(), request.botId(), messengers)
                .orElseThrow(() -> notFound(id));
    }

    /** Deletes the chat with its sessions and their transcripts; false when the account has no such chat. */
    @Transactional
    public boolean delete(AccountId account, UUID id) {
        return chats.delete(account, id);
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

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("No chat " + id);
    }
}

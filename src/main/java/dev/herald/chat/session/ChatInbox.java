package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.InboundMessage;
import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes clients' messages to the account's chats: from messenger adapters ({@link InboundMessage} events, a
 * connection naming its chat) and from the sandbox messenger's endpoint. Each goes to the client's open
 * session, the bot's answer is handed to the messenger, and the client's first answer to a session a
 * chat-channel message started marks that message READ.
 */
@Component
class ChatInbox {

    private static final Logger log = LoggerFactory.getLogger(ChatInbox.class);

    private final Dialogues dialogues;
    private final Chats chats;
    private final ChatSessions sessions;
    private final TransactionTemplate tx;
    private final DeliveryReports reports;

    ChatInbox(Dialogues dialogues, Chats chats, ChatSessions sessions, TransactionTemplate tx, DeliveryReports reports) {
        this.dialogues = dialogues;
        this.chats = chats;
        this.sessions = sessions;
        // Its own transactions even when called after an adapter's commit, where joining would never commit.
        this.tx = new TransactionTemplate(tx.getTransactionManager());
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.reports = reports;
    }

    Dialogues.Reception receive(Dialogues.Inbound inbound) {
        Dialogues.Reception reception = tx.execute(status -> dialogues.receive(inbound));
        if (reception.duplicate()) {
            return reception;
        }
        dialogues.handOver(reception.handover(), 1, work -> tx.executeWithoutResult(status -> work.run()));
        if (reception.firstAnswer()) {
            try {
                DeliveryReport read = new DeliveryReport(ChatChannelProvider.NAME, reception.sessionId().toString(),
                        DeliveryReport.Outcome.READ, null, null);
                tx.executeWithoutResult(status -> reports.report(read));
            } catch (RuntimeException e) {
                log.warn("Could not mark the message of chat session {} READ: {}", reception.sessionId(), e.toString());
            }
        }
        return reception;
    }

    /**
     * A message an adapter received; ignored unless its connection (or the sandbox) serves one of the
     * account's chats. Adapters that record the message in a transaction (the WhatsApp window) publish inside
     * it: this runs once that commits, so the bot's answer sees what they recorded.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(InboundMessage message) {
        AccountId account = new AccountId(message.accountId());
        try {
            Optional<Route> route = route(account, message);
            if (route.isEmpty()) {
                log.debug("Inbound message from {} on {} (account {}) belongs to no chat", message.from(),
                        message.provider(), account);
                return;
            }
            receive(new Dialogues.Inbound(account, route.get().chat(), route.get().type(), message.provider(),
                    message.from(), message.fromName(), message.text(), message.payload(), message.providerId(),
                    message.start()));
        } catch (RuntimeException e) {
            log.error("Inbound message {} from {} on {} (account {}) could not be taken", message.providerId(),
                    message.from(), message.provider(), account, e);
        }
    }

    private record Route(Chat chat, MessengerType type) {}

    private Optional<Route> route(AccountId account, InboundMessage message) {
        Optional<ConnectionKey> key = ConnectionKey.parse(message.provider());
        if (key.isPresent()) {
            UUID connectionId = key.get().connectionId();
            return chats.findByConnection(account, connectionId).flatMap(chat -> chat.messengers().stream()
                    .filter(m -> m.connectionId().filter(connectionId::equals).isPresent())
                    .findFirst()
                    .map(m -> new Route(chat, m.messengerType())));
        }
        if (!Chat.Messenger.SANDBOX.equals(message.provider())) {
            return Optional.empty();
        }
        // The sandbox serves any number of chats: the one the client is talking to, else the oldest.
        Optional<MessengerType> type = MessengerType.of(message.channel());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        List<Chat> candidates = chats.withSandbox(account, type.get());
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        UUID chatId = sessions.latestOpenChat(account, message.from(), candidates.stream().map(Chat::id).toList())
                .orElse(candidates.getFirst().id());
        return candidates.stream().filter(c -> c.id().equals(chatId)).findFirst()
                .map(chat -> new Route(chat, type.get()));
    }
}

package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.SendResult;
import dev.herald.chat.Chat;
import dev.herald.chat.ChatProperties;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.BotEngine;
import dev.herald.chat.bot.Bots;
import dev.herald.chat.bot.Scenario;
import dev.herald.support.RetryPolicy;
import dev.herald.web.ConflictException;
import dev.herald.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Opens, continues and closes chat sessions and runs their bots. Every change to a client's sessions happens
 * in one transaction under the client's row lock (so two messages of one client are taken one after the
 * other); what the bot says is stored with it, and handed to the messenger after the commit.
 */
@Service
class Dialogues {

    /** A reply the messenger did not take waits 30 s, doubling up to 32 min, or what the messenger asked for. */
    private static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(32), 0);

    private final Chats chats;
    private final Bots bots;
    private final ChatClients clients;
    private final ChatSessions sessions;
    private final Transcript transcript;
    private final MessengerDelivery delivery;
    private final Clock clock;
    private final Duration timeout;

    Dialogues(Chats chats, Bots bots, ChatClients clients, ChatSessions sessions, Transcript transcript,
              MessengerDelivery delivery, Clock clock, ChatProperties properties) {
        this.chats = chats;
        this.bots = bots;
        this.clients = clients;
        this.sessions = sessions;
        this.transcript = transcript;
        this.delivery = delivery;
        this.clock = clock;
        this.timeout = properties.sessionTimeout();
    }

    /**
     * A chat-channel message to open or continue a session with.
     *
     * @param extra     fields the messenger gets with the first line (e.g. a WhatsApp {@code templateName})
     * @param sessionId the session to send {@code text} into ({@code chatSessionId}), instead of opening one
     */
    record ChatSend(UUID messageId, AccountId account, String address, UUID chatId, UUID botId,
                    MessengerType messengerType, String sessionName, boolean continueLast, String text,
                    Map<String, Object> extra, UUID sessionId) {}

    /** Lines stored for a client that a messenger connection still has to be handed. */
    record Handover(AccountId account, Chat.Messenger messenger, String address, List<Transcript.Line> lines) {

        static Handover none(AccountId account) {
            return new Handover(account, null, null, List.of());
        }
    }

    /** What became of a chat-channel message. */
    sealed interface Opening {

        /**
         * @param providerMessageId the session id, with {@code .<n>} for the n-th message continuing it
         * @param started           whether this message started the session (rather than continued it)
         */
        record Ready(UUID sessionId, String providerMessageId, boolean started, Handover handover)
                implements Opening {}

        record Refused(String code, String reason) implements Opening {}
    }

    /**
     * Starts a session for a chat-channel message, or continues the client's open one when asked to. Call in
     * a transaction. Sending the same message again (a retry) finds what the first attempt did.
     */
    Opening open(ChatSend send) {
        Instant now = clock.instant();
        Optional<ChatSession> handled = transcript.sessionOf(send.messageId())
                .flatMap(id -> sessions.find(send.account(), id))
                .or(() -> sessions.findByMessage(send.messageId()));
        if (handled.isPresent()) {
            return retried(send, handled.get());
        }
        if (send.sessionId() != null) {
            return into(send, now);
        }
        Chat chat = chats.find(send.account(), send.chatId()).orElse(null);
        if (chat == null) {
            return new Opening.Refused("CHAT_NOT_FOUND", "No chat " + send.chatId() + " in this account");
        }
        UUID botId = send.botId() != null ? send.botId() : chat.botId();
        Bots.Bot bot = botId == null ? null : bots.find(send.account(), botId).orElse(null);
        if (botId != null && bot == null) {
            return new Opening.Refused("BOT_NOT_FOUND", "No bot " + botId + " in this account");
        }
        if (chat.messengers().isEmpty()) {
            // E.g. its only provider connection was deleted: fail so the cascade moves on, rather than retry.
            return new Opening.Refused("MESSENGER_NOT_CONNECTED", "Chat '" + chat.name() + "' has no messenger "
                    + "connected any more; connect one with PUT /api/v1/chats/" + chat.id());
        }
        ChatClients.ChatClient client = clients.lock(send.account(), send.address(), null, now);
        MessengerType type = send.messengerType() != null ? send.messengerType()
                : client.lastMessengerType() != null && chat.messenger(client.lastMessengerType()).isPresent()
                ? client.lastMessengerType() : chat.messengers().getFirst().messengerType();
        Optional<Chat.Messenger> messenger = chat.messenger(type);
        if (messenger.isEmpty()) {
            return new Opening.Refused("MESSENGER_NOT_CONNECTED", "Chat '" + chat.name() + "' is not connected to "
                    + type + "; it is on " + chat.messengers().stream().map(m -> m.messengerType().name()).toList());
        }
        Optional<ChatSession> open = openSession(chat, client, now);
        // A session opened while this message waited to go out (the client wrote meanwhile) is the client's
        // dialogue of now: the message joins it rather than closing it, so they never see it cut off.
        boolean join = open.isPresent() && (send.continueLast()
                || sessions.openedSince(open.get().id(), send.messageId()));

        ChatSession session;
        List<Transcript.Line> lines = new ArrayList<>();
        if (join) {
            session = open.get().on(type);
            if (send.text() != null && !send.text().isBlank()) {
                lines.add(line(session, send.messageId(), Transcript.Author.SENDER,
                        new BotEngine.Prompt(render(send.text(), session), List.of()), messenger.get(), now));
            } else if (session.status() == SessionStatus.ACTIVE) {
                // Nothing new to say: remind the client of the question the dialogue waits at.
                Scenario scenario = scenario(session);
                Scenario.Step step = scenario.step(session.currentStep()).orElseThrow();
                lines.add(line(session, send.messageId(), Transcript.Author.BOT, new BotEngine.Prompt(
                        render(step.text(), session), step.buttons() == null ? List.of() : step.buttons()),
                        messenger.get(), now));
            } else {
                return new Opening.Refused("NOTHING_TO_SAY", "The client's open session waits for an operator "
                        + "and the message has no text");
            }
            session = session.advance(session.status(), session.currentStep(), session.variables(),
                    session.results(), now);
            sessions.save(session);
        } else {
            if (bot == null && (send.text() == null || send.text().isBlank())) {
                return new Opening.Refused("NOTHING_TO_SAY", "Chat '" + chat.name() + "' has no bot and the "
                        + "message has no text");
            }
            open.ifPresent(replaced -> sessions.save(replaced.close(SessionStatus.CLOSED, now)));
            List<ChatSession.NamedValue> initial = sessions.destinationVariables(send.messageId());
            String name = send.sessionName() != null && !send.sessionName().isBlank() ? send.sessionName() : chat.name();
            session = new ChatSession(UUID.randomUUID(), send.account().value(), chat.id(), client.id(),
                    bot == null ? null : bot.id(), bot == null ? null : bot.version(), type, name,
                    SessionStatus.OPERATOR, null, new LinkedHashMap<>(), initial, null, send.messageId(), now, now, null);
            List<BotEngine.Prompt> prompts;
            if (bot != null) {
                BotEngine.Turn turn = BotEngine.start(bot.scenario(), blankToNull(send.text()), session.context());
                session = apply(session, turn, now);
                prompts = turn.prompts();
            } else {
                prompts = List.of(new BotEngine.Prompt(render(send.text(), session), List.of()));
            }
            sessions.insert(session);
            for (int i = 0; i < prompts.size(); i++) {
                boolean own = i == 0 && send.text() != null && !send.text().isBlank();
                lines.add(line(session, send.messageId(), own ? Transcript.Author.SENDER : Transcript.Author.BOT,
                        prompts.get(i), messenger.get(), now));
            }
        }
        if (!lines.isEmpty() && send.extra() != null && !send.extra().isEmpty()) {
            Transcript.Line first = lines.getFirst();
            lines.set(0, new Transcript.Line(first.id(), first.sessionId(), first.messageId(), first.direction(),
                    first.author(), first.text(), first.payload(), first.buttons(), send.extra(), first.provider(),
                    first.providerId(), first.status(), first.error(), first.createdAt()));
        }
        lines.forEach(line -> transcript.add(send.account(), line));
        clients.used(client.id(), type);
        return new Opening.Ready(session.id(), providerMessageId(session, send.messageId()),
                send.messageId().equals(session.messageId()),
                handover(send.account(), messenger.get(), client.address(), lines));
    }

    /**
     * Sends a message's text into an open session of the account (its {@code chatSessionId}), over the session's
     * messenger; the bot keeps its place and the client's next answer still goes to it.
     */
    private Opening into(ChatSend send, Instant now) {
        ChatSession found = sessions.find(send.account(), send.sessionId()).orElse(null);
        if (found == null || send.chatId() != null && !send.chatId().equals(found.chatId())) {
            // Another account's session is as unknown as one that never was.
            return new Opening.Refused("CHAT_SESSION_NOT_FOUND", "No chat session " + send.sessionId()
                    + (send.chatId() == null ? "" : " on chat " + send.chatId()) + " in this account");
        }
        // The client first, then the session: the order every change to a client's sessions takes its locks in.
        ChatClients.ChatClient client = clients.lock(send.account(), clients.address(found.clientId()), null, now);
        ChatSession session = sessions.findForUpdate(send.account(), send.sessionId()).orElseThrow();
        if (!session.status().isOpen() || session.lastActivityAt().plus(timeout).isBefore(now)) {
            if (session.status().isOpen()) {
                // Past its timeout but not swept yet: it ends now, as the client's next message would end it.
                sessions.save(session.close(SessionStatus.TIMED_OUT, now));
            }
            return new Opening.Refused("CHAT_SESSION_CLOSED", "Chat session " + session.id() + " is "
                    + (session.status().isOpen() ? "past its timeout" : session.status()) + "; start a new one "
                    + "with chatId and the client's messengerUserId or phone");
        }
        Chat chat = chats.find(send.account(), session.chatId()).orElse(null);
        Optional<Chat.Messenger> messenger = chat == null ? Optional.empty() : chat.messenger(session.messengerType());
        if (messenger.isEmpty()) {
            return new Opening.Refused("MESSENGER_NOT_CONNECTED", "The session's chat is no longer connected to "
                    + session.messengerType());
        }
        Map<String, String> context = new LinkedHashMap<>(session.context());
        sessions.destinationVariables(send.messageId()).forEach(v -> context.put(v.name(), v.value()));
        String text = send.text() == null ? "" : BotEngine.render(send.text(), session.variables(), context);
        Transcript.Line line = line(session, send.messageId(), Transcript.Author.SENDER,
                new BotEngine.Prompt(text, List.of()), messenger.get(), now);
        if (send.extra() != null && !send.extra().isEmpty()) {
            line = new Transcript.Line(line.id(), line.sessionId(), line.messageId(), line.direction(), line.author(),
                    line.text(), line.payload(), line.buttons(), send.extra(), line.provider(), line.providerId(),
                    line.status(), line.error(), line.createdAt());
        }
        sessions.save(session.advance(session.status(), session.currentStep(), session.variables(), session.results(),
                now));
        transcript.add(send.account(), line);
        clients.used(client.id(), session.messengerType());
        return new Opening.Ready(session.id(), providerMessageId(session, send.messageId()), false,
                handover(send.account(), messenger.get(), client.address(), List.of(line)));
    }

    private Opening retried(ChatSend send, ChatSession session) {
        Chat chat = chats.find(send.account(), session.chatId()).orElse(null);
        Optional<Chat.Messenger> messenger = chat == null ? Optional.empty() : chat.messenger(session.messengerType());
        List<Transcript.Line> pending = transcript.pendingOf(send.messageId());
        boolean started = send.messageId().equals(session.messageId());
        if (messenger.isEmpty()) {
            return pending.isEmpty() ? new Opening.Ready(session.id(), providerMessageId(session, send.messageId()),
                    started, Handover.none(send.account()))
                    : new Opening.Refused("MESSENGER_NOT_CONNECTED", "The session's chat lost its "
                    + session.messengerType() + " connection");
        }
        // The session's client: a message into a session (chatSessionId) is addressed to the session, not to them.
        return new Opening.Ready(session.id(), providerMessageId(session, send.messageId()), started,
                handover(send.account(), messenger.get(), clients.address(session.clientId()), pending));
    }

    /** The session of a chat-channel message that could not be handed to the messenger at all. */
    void abandon(AccountId account, UUID sessionId) {
        sessions.findForUpdate(account, sessionId).filter(s -> s.status().isOpen())
                .ifPresent(s -> sessions.save(s.close(SessionStatus.CLOSED, clock.instant())));
    }

    /**
     * A message a client sent to one of the account's chats.
     *
     * @param start the client asked to start the dialogue (Telegram's {@code /start}); {@code payload} is then
     *              the deep link's parameter
     */
    record Inbound(AccountId account, Chat chat, MessengerType messengerType, String provider, String from,
                   String fromName, String text, String payload, String providerId, boolean start) {

        Inbound(AccountId account, Chat chat, MessengerType messengerType, String provider, String from,
                String fromName, String text, String payload, String providerId) {
            this(account, chat, messengerType, provider, from, fromName, text, payload, providerId, false);
        }
    }

    /** The initial variable a start's deep-link parameter is kept in ({@code {{start}}} in the bot's texts). */
    static final String START_PARAMETER = "start";

    /**
     * What became of an inbound message.
     *
     * @param duplicate     the messenger sent it before; nothing was done again
     * @param firstAnswer   the first message of the client in a session a chat-channel message started
     * @param replies       what the bot said back
     */
    record Reception(boolean duplicate, UUID sessionId, SessionStatus status, boolean started, boolean firstAnswer,
                     List<Transcript.Line> replies, Handover handover) {}

    /**
     * Routes a client's message to their open session on the chat (starting one if none) and lets the bot answer.
     * A start opens a session whose bot greets the client, or continues the open one (the bot asks again the
     * question it waits at); it is never taken as an answer, so the client's next message answers the bot.
     */
    Reception receive(Inbound in) {
        Instant now = clock.instant();
        if (in.providerId() != null && transcript.received(in.account(), in.provider(), in.providerId())) {
            return new Reception(true, null, null, false, false, List.of(), Handover.none(in.account()));
        }
        ChatClients.ChatClient client = clients.lock(in.account(), in.from(), in.fromName(), now);
        // Checked again under the client's lock, which a concurrent delivery of the same update also takes.
        if (in.providerId() != null && transcript.received(in.account(), in.provider(), in.providerId())) {
            return new Reception(true, null, null, false, false, List.of(), Handover.none(in.account()));
        }
        clients.used(client.id(), in.messengerType());
        Chat.Messenger messenger = in.chat().messenger(in.messengerType()).orElseThrow();
        Optional<ChatSession> open = openSession(in.chat(), client, now);
        ChatSession session;
        BotEngine.Turn turn = null;
        if (open.isEmpty()) {
            Bots.Bot bot = in.chat().botId() == null ? null : bots.find(in.account(), in.chat().botId()).orElse(null);
            List<ChatSession.NamedValue> initial = in.start() && in.payload() != null && !in.payload().isBlank()
                    ? List.of(new ChatSession.NamedValue(START_PARAMETER, in.payload())) : List.of();
            session = new ChatSession(UUID.randomUUID(), in.account().value(), in.chat().id(), client.id(),
                    bot == null ? null : bot.id(), bot == null ? null : bot.version(), in.messengerType(),
                    in.chat().name(), bot == null ? SessionStatus.OPERATOR : SessionStatus.ACTIVE, null,
                    new LinkedHashMap<>(), initial, null, null, now, now, null);
            if (bot != null) {
                // The client wrote first (or started): their message opens the dialogue, the bot greets them.
                turn = BotEngine.start(bot.scenario(), null, session.context());
                session = apply(session, turn, now);
            }
            sessions.insert(session);
        } else if (in.start()) {
            session = open.get().on(in.messengerType());
            if (session.status() == SessionStatus.ACTIVE) {
                // Starting again goes on where the dialogue is: the bot asks its question once more.
                Scenario.Step step = scenario(session).step(session.currentStep()).orElseThrow();
                turn = new BotEngine.Turn(List.of(new BotEngine.Prompt(render(step.text(), session),
                        step.buttons() == null ? List.of() : step.buttons())), step.id(), session.variables(),
                        BotEngine.Outcome.WAITING, Map.of());
            }
            session = session.advance(session.status(), session.currentStep(), session.variables(),
                    session.results(), now);
            sessions.save(session);
        } else {
            session = open.get().on(in.messengerType());
            if (session.status() == SessionStatus.ACTIVE) {
                turn = BotEngine.answer(scenario(session), session.currentStep(), session.variables(),
                        session.context(), in.text(), in.payload());
                session = apply(session, turn, now);
            } else {
                session = session.advance(session.status(), session.currentStep(), session.variables(),
                        session.results(), now);
            }
            sessions.save(session);
        }
        transcript.add(in.account(), new Transcript.Line(UUID.randomUUID(), session.id(), null,
                Transcript.Direction.IN, Transcript.Author.CLIENT, in.text(), in.payload(), List.of(),
                in.start() ? Transcript.START : Map.of(), in.provider(), in.providerId(), Transcript.Status.RECEIVED,
                null, now));
        List<Transcript.Line> replies = new ArrayList<>();
        if (turn != null) {
            for (BotEngine.Prompt prompt : turn.prompts()) {
                replies.add(line(session, null, Transcript.Author.BOT, prompt, messenger, now));
            }
        }
        replies.forEach(line -> transcript.add(in.account(), line));
        boolean firstAnswer = open.isPresent() && !in.start() && session.messageId() != null
                && transcript.answerCount(session.id()) == 1;
        return new Reception(false, session.id(), session.status(), open.isEmpty(), firstAnswer, replies,
                handover(in.account(), messenger, client.address(), replies));
    }

    /** An operator's line, stored, and what is left to hand to the messenger. */
    record Replied(Transcript.Line line, Handover handover) {}

    /** An operator's message to the client; the session stays with operators from then on. */
    Replied reply(AccountId account, UUID sessionId, String text) {
        ChatSession session = sessions.findForUpdate(account, sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + sessionId));
        if (!session.status().isOpen()) {
            throw new ConflictException("The session is " + session.status() + "; only open sessions take replies");
        }
        Chat chat = chats.find(account, session.chatId()).orElseThrow();
        Chat.Messenger messenger = chat.messenger(session.messengerType()).orElseThrow(() -> new ConflictException(
                "Chat '" + chat.name() + "' is no longer connected to " + session.messengerType()));
        Instant now = clock.instant();
        ChatSession handed = session.advance(SessionStatus.OPERATOR, session.currentStep(), session.variables(),
                session.results() != null ? session.results() : session.results(Map.of()), now);
        sessions.save(handed);
        Transcript.Line line = line(handed, null, Transcript.Author.OPERATOR, new BotEngine.Prompt(text, List.of()),
                messenger, now);
        transcript.add(account, line);
        return new Replied(line, handover(account, messenger, clients.address(session.clientId()), List.of(line)));
    }

    /**
     * Hands a session an operator holds back to its bot, which asks its question again (or starts over, see
     * {@link BotEngine#resume}); what the bot says is stored, and left to hand to the messenger.
     */
    Replied handBack(AccountId account, UUID sessionId) {
        ChatSession session = sessions.findForUpdate(account, sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + sessionId));
        if (session.status() != SessionStatus.OPERATOR) {
            throw new ConflictException("The session is " + session.status() + "; only a session with an operator "
                    + "can be handed back to the bot");
        }
        if (session.botId() == null) {
            throw new ConflictException("The session's chat has no bot to hand it back to");
        }
        Chat chat = chats.find(account, session.chatId()).orElseThrow();
        Chat.Messenger messenger = chat.messenger(session.messengerType()).orElseThrow(() -> new ConflictException(
                "Chat '" + chat.name() + "' is no longer connected to " + session.messengerType()));
        Instant now = clock.instant();
        BotEngine.Turn turn = BotEngine.resume(scenario(session), session.currentStep(), session.variables(),
                session.context());
        ChatSession resumed = apply(session, turn, now);
        sessions.save(resumed);
        List<Transcript.Line> lines = new ArrayList<>();
        for (BotEngine.Prompt prompt : turn.prompts()) {
            lines.add(line(resumed, null, Transcript.Author.BOT, prompt, messenger, now));
        }
        lines.forEach(line -> transcript.add(account, line));
        return new Replied(lines.isEmpty() ? null : lines.getLast(),
                handover(account, messenger, clients.address(session.clientId()), lines));
    }

    /** Closes an open session for good; its results keep what the client answered. */
    ChatSession close(AccountId account, UUID sessionId) {
        ChatSession session = sessions.findForUpdate(account, sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + sessionId));
        if (!session.status().isOpen()) {
            return session;
        }
        ChatSession closed = session.close(SessionStatus.CLOSED, clock.instant());
        sessions.save(closed);
        return closed;
    }

    /**
     * Hands lines to the messenger in order, stopping at the first that fails; outside any transaction.
     *
     * @return Accepted when all went (or there was nothing to hand over), else the first failure
     */
    SendResult handOver(Handover handover, int attempt, Consumer<Runnable> inTransaction) {
        for (Transcript.Line line : handover.lines()) {
            SendResult result = delivery.deliver(handover.account(), handover.messenger(), handover.address(), line,
                    attempt);
            switch (result) {
                case SendResult.Accepted accepted -> inTransaction.accept(() -> transcript.sent(line.id(),
                        accepted.providerMessageId()));
                case SendResult.TransientFailure failure -> {
                    Instant retryAt = clock.instant().plus(RETRIES.after(attempt, failure.retryAfter()));
                    inTransaction.accept(() -> transcript.retryLater(line.id(), failure.reason(), retryAt));
                    return result;
                }
                case SendResult.PermanentFailure failure -> {
                    inTransaction.accept(() -> transcript.failed(line.id(), failure.code() + ": " + failure.reason()));
                    return result;
                }
                case SendResult.RecipientBlocked blocked -> {
                    inTransaction.accept(() -> transcript.failed(line.id(), "BLOCKED: " + blocked.reason()));
                    return result;
                }
            }
        }
        return new SendResult.Accepted(null, handover.lines().size());
    }

    private Optional<ChatSession> openSession(Chat chat, ChatClients.ChatClient client, Instant now) {
        Optional<ChatSession> open = sessions.openForUpdate(chat.id(), client.id());
        if (open.isPresent() && open.get().lastActivityAt().plus(timeout).isBefore(now)) {
            // Past its timeout but not swept yet: it ends now, and the client starts afresh.
            sessions.save(open.get().close(SessionStatus.TIMED_OUT, now));
            return Optional.empty();
        }
        return open;
    }

    private static ChatSession apply(ChatSession session, BotEngine.Turn turn, Instant now) {
        ChatSession moved = session.advance(SessionStatus.ACTIVE, turn.step(), turn.variables(), null, now);
        return switch (turn.outcome()) {
            case WAITING -> moved;
            case FINISHED -> moved.advance(SessionStatus.FINISHED, turn.step(), turn.variables(),
                    moved.results(turn.result()), now);
            case OPERATOR -> moved.advance(SessionStatus.OPERATOR, turn.step(), turn.variables(),
                    moved.results(Map.of()), now);
        };
    }

    private Scenario scenario(ChatSession session) {
        return bots.scenario(new AccountId(session.accountId()), session.botId(), session.botVersion())
                .orElseThrow(() -> new IllegalStateException("Session " + session.id() + " runs bot "
                        + session.botId() + " v" + session.botVersion() + ", which is gone"));
    }

    private String providerMessageId(ChatSession session, UUID messageId) {
        int rank = transcript.rankOf(session.id(), messageId);
        return rank <= 1 ? session.id().toString() : session.id() + "." + rank;
    }

    private static Transcript.Line line(ChatSession session, UUID messageId, Transcript.Author author,
                                        BotEngine.Prompt prompt, Chat.Messenger messenger, Instant now) {
        String provider = messenger.isSandbox() ? Chat.Messenger.SANDBOX
                : new ConnectionKey(messenger.connectionId().orElseThrow()).toString();
        return new Transcript.Line(UUID.randomUUID(), session.id(), messageId, Transcript.Direction.OUT, author,
                prompt.text(), null, prompt.buttons(), Map.of(), provider, null,
                // The sandbox messenger's lines are delivered by being stored.
                messenger.isSandbox() ? Transcript.Status.SENT : Transcript.Status.PENDING, null, now);
    }

    private static Handover handover(AccountId account, Chat.Messenger messenger, String address,
                                     List<Transcript.Line> lines) {
        List<Transcript.Line> pending = lines.stream().filter(l -> l.status() == Transcript.Status.PENDING).toList();
        return pending.isEmpty() ? Handover.none(account) : new Handover(account, messenger, address, pending);
    }

    private static String render(String text, ChatSession session) {
        return BotEngine.render(text, session.variables(), session.context());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

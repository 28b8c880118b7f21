package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.chat.MessengerType;
import dev.herald.db.RelaxedTransactions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code chat} channel: a message starts a session with the chat's bot for the destination (or continues
 * the client's open one with {@code continueLastOrStartNewSession}) and the bot's first words go out over the
 * chat's messenger; with {@code chatSessionId} its text goes into that session instead (TWIN's advertising message). The message's {@code providerMessageId} is the session's id, which is how a broadcast is
 * joined with the dialogues it started. DELIVERED follows as soon as the messenger took the opening lines;
 * READ when the client first answers.
 */
@Component
public class ChatChannelProvider implements ChannelProvider {

    public static final String NAME = "chat";
    private static final Logger log = LoggerFactory.getLogger(ChatChannelProvider.class);

    private final Dialogues dialogues;
    private final RelaxedTransactions tx;
    private final DeliveryReports reports;

    ChatChannelProvider(Dialogues dialogues, RelaxedTransactions tx, DeliveryReports reports) {
        this.dialogues = dialogues;
        this.tx = tx;
        this.reports = reports;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.CHAT;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Dialogues.ChatSend send;
        try {
            send = parse(message);
        } catch (IllegalArgumentException e) {
            return new SendResult.PermanentFailure("INVALID_CHAT_OPTIONS", e.getMessage());
        }
        Dialogues.Opening opening = tx.call(() -> dialogues.open(send));
        return switch (opening) {
            case Dialogues.Opening.Refused refused -> new SendResult.PermanentFailure(refused.code(), refused.reason());
            case Dialogues.Opening.Ready ready -> handOver(message, send, ready);
        };
    }

    private SendResult handOver(OutboundMessage message, Dialogues.ChatSend send, Dialogues.Opening.Ready ready) {
        SendResult result = dialogues.handOver(ready.handover(), message.attempt(), tx::run);
        switch (result) {
            case SendResult.Accepted accepted -> {
                try {
                    reports.report(new DeliveryReport(NAME, ready.providerMessageId(), DeliveryReport.Outcome.DELIVERED,
                            null, null));
                } catch (RuntimeException e) {
                    log.warn("Could not record DELIVERED for chat message {} (account {}): {}", message.messageId(),
                            message.accountId(), e.toString());
                }
                return new SendResult.Accepted(ready.providerMessageId(), 1);
            }
            case SendResult.TransientFailure failure -> {
                return failure;
            }
            default -> {
                // The messenger will not take it: a session this message started ends here. A session it only
                // continued goes on; the client may still write.
                if (ready.started()) {
                    tx.run(() -> dialogues.abandon(send.account(), ready.sessionId()));
                }
                return result;
            }
        }
    }

    private static Dialogues.ChatSend parse(OutboundMessage message) {
        Map<String, Object> content = message.content();
        String chatId = message.string("chatId");
        String sessionId = message.string("chatSessionId");
        if (chatId == null && sessionId == null) {
            throw new IllegalArgumentException("chatId (or chatSessionId) is required");
        }
        String botId = message.string("botId");
        String type = message.string("messengerType");
        MessengerType messengerType = type == null ? null : MessengerType.parse(type)
                .orElseThrow(() -> new IllegalArgumentException("Unknown messengerType " + type));
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String field : new String[] {"templateName", "templateData", "language", "messageTag"}) {
            if (content.get(field) != null) {
                extra.put(field, content.get(field));
            }
        }
        return new Dialogues.ChatSend(message.messageId(), new AccountId(message.accountId()), message.address(),
                chatId == null ? null : UUID.fromString(chatId), botId == null ? null : UUID.fromString(botId),
                messengerType, message.string("chatSessionName"),
                Boolean.TRUE.equals(content.get("continueLastOrStartNewSession")), message.text(), extra,
                sessionId == null ? null : UUID.fromString(sessionId));
    }
}

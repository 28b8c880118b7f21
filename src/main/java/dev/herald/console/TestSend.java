package dev.herald.console;

import dev.herald.auth.AccountId;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendResponseItem;
import dev.herald.web.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A template's test send to one address: one message group with the template and the sample values, handed to
 * the same intake as {@code POST /api/v1/messages}, so it is checked, routed to the account's providers (or the
 * sandbox) and logged like any other message.
 */
@Component
class TestSend {

    private final MessageIntake intake;

    TestSend(MessageIntake intake) {
        this.intake = intake;
    }

    /**
     * @param address a phone number (written any way) or an e-mail address
     * @throws InvalidRequestException naming {@code address} when it is empty, or what the intake refuses
     */
    SendResponseItem send(AccountId account, UUID templateId, String address, Map<String, Object> variables) {
        String to = address == null ? "" : address.strip();
        if (to.isEmpty() || to.length() > 320) {
            throw new InvalidRequestException("address", "Write one phone number or e-mail address to send the test to.");
        }
        boolean email = to.contains("@");
        DestinationRequest destination = new DestinationRequest(email ? null : to, email ? to : null, null, null, null,
                variables);
        MessageGroupRequest group = new MessageGroupRequest(null, templateId.toString(), List.of(destination), null,
                "console test send", null, null, null, null, null, "transactional");
        return intake.accept(account, new SendMessagesRequest(null, null, List.of(group)), null).items().getFirst();
    }
}

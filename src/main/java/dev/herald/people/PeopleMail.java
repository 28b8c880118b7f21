package dev.herald.people;

import dev.herald.auth.AccountId;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends invitation and password-reset e-mails as ordinary messages of the person's account, so they take the
 * account's default e-mail connection, or the sandbox when it has none (then the link is in the sandbox
 * outbox, {@code GET /api/v1/sandbox/messages}). Built from a map so that new fields of the send request do not
 * concern this class. Self-service sign-up sends its links the same way, as messages of the platform's own
 * account ({@code herald.signup.mail-account}).
 */
@Component
public class PeopleMail {

    private final MessageIntake intake;
    private final JsonMapper json;

    PeopleMail(MessageIntake intake, JsonMapper json) {
        this.intake = intake;
        this.json = json;
    }

    /** Sends a plain-text e-mail as a transactional message of {@code account}. */
    public void send(AccountId account, String to, String subject, String text) {
        Map<String, Object> request = Map.of("messages", List.of(Map.of(
                "channels", Map.of("email", Map.of("subject", subject, "text", text)),
                "destinations", List.of(Map.of("email", to)),
                "priority", "transactional")));
        intake.accept(account, json.convertValue(request, SendMessagesRequest.class), null);
    }
}

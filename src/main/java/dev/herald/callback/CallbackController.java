package dev.herald.callback;

import dev.herald.auth.AccountId;
import dev.herald.web.Listing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The account's callback signing secret, and what became of the callbacks of a message. */
@RestController
@RequestMapping("/api/v1/callbacks")
@Tag(name = "Callbacks", description = "Status callbacks: the signing secret and the deliveries of a message. "
        + "API group: messages.")
class CallbackController {

    private final CallbackSecrets secrets;
    private final CallbackOutbox outbox;

    CallbackController(CallbackSecrets secrets, CallbackOutbox outbox) {
        this.secrets = secrets;
        this.outbox = outbox;
    }

    @GetMapping("/secret")
    @Operation(summary = "The callback signing secret",
            description = "Verify the X-Herald-Signature header of callbacks with it. Made on first use.")
    CallbackSecrets.Secret secret(AccountId account) {
        return secrets.current(account.value());
    }

    @PostMapping("/secret/rotate")
    @Operation(summary = "Replace the callback signing secret",
            description = "Every callback sent from now on, retries included, is signed with the new secret.")
    CallbackSecrets.Secret rotate(AccountId account) {
        return secrets.rotate(account.value());
    }

    @GetMapping
    @Operation(summary = "The callbacks of a message",
            description = "One entry per status change, in the order they are sent: status (PENDING, DELIVERED, "
                    + "GIVEN_UP), attempts, last error, next attempt. Empty for a message of another account.")
    Listing<CallbackDelivery> list(AccountId account,
                                   @Parameter(description = "The message") @RequestParam UUID messageId) {
        List<CallbackDelivery> deliveries = outbox.forMessage(account.value(), messageId);
        return new Listing<>(deliveries.size(), deliveries);
    }
}

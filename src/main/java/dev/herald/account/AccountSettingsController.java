package dev.herald.account;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The account's own settings. */
@RestController
@RequestMapping("/api/v1/account/settings")
@Tag(name = "Account", description = "The account's settings: its default sender, how long it keeps message content. "
        + "API group: full.")
class AccountSettingsController {

    private static final Set<String> FIELDS = Set.of("defaultSender", "retentionDays");
    /** Longest sender an SMS can carry: a number of 20 digits, or a name of 11 characters. */
    private static final int MAX_NUMBER = 20;
    private static final int MAX_NAME = 11;

    private final AccountSettings settings;
    private final AccountDefaultSenders senders;
    private final RetentionSetting retention;

    AccountSettingsController(AccountSettings settings, AccountDefaultSenders senders, RetentionSetting retention) {
        this.settings = settings;
        this.senders = senders;
        this.retention = retention;
    }

    @GetMapping
    @Operation(summary = "The account's settings")
    AccountSettings.View get(AccountId account) {
        return settings.load(account.value());
    }

    @PatchMapping
    @Operation(summary = "Change the account's settings",
            description = "`defaultSender`: who messages are from when neither the group's `from` nor the provider "
                    + "connection's default sender says (e.g. `TwinService`): a name of at most 11 letters, digits, "
                    + "spaces or `.-_&'` or a number of at most 20 digits; `null` goes back to Herald's default. "
                    + "`retentionDays`: how many days message content and addresses are kept (1-3650, default 90), "
                    + "then erased while statuses and counts stay. Fields left out stay as they are.")
    AccountSettings.View patch(AccountId account, @RequestBody(required = false) Map<String, Object> changes) {
        if (changes == null) {
            throw new InvalidRequestException("$", "a JSON object with the settings to change is required");
        }
        for (String field : changes.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException(field, "unknown setting; known: " + FIELDS);
            }
        }
        if (changes.containsKey("defaultSender")) {
            String sender = sender(changes.get("defaultSender"));
            settings.setDefaultSender(account.value(), sender);
            senders.forget(account.value());
        }
        if (changes.containsKey("retentionDays")) {
            retention.set(account, changes.get("retentionDays"));
        }
        return settings.load(account.value());
    }

    private static String sender(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidRequestException("defaultSender", "must be a non-empty string, or null for Herald's default");
        }
        String sender = text.strip();
        boolean number = sender.matches("\\+?[0-9]{1," + MAX_NUMBER + "}");
        if (!number && !sender.matches("[\\p{Alnum} .\\-_&']{1," + MAX_NAME + "}")) {
            throw new InvalidRequestException("defaultSender", "must be a name of at most " + MAX_NAME
                    + " letters, digits, spaces or .-_&' or a number of at most " + MAX_NUMBER + " digits");
        }
        return sender;
    }
}

package dev.herald.admin;

import dev.herald.auth.Accounts;
import java.time.Instant;
import java.util.UUID;

/** An account as the administration API and console show it; {@code status} is ACTIVE or SUSPENDED. */
public record AccountView(UUID id, String name, String timeZone, String status, Instant createdAt,
                          Instant statusChangedAt) {

    static AccountView of(Accounts.Account account) {
        return new AccountView(account.id().value(), account.name(), account.timeZone().getId(),
                account.status().name(), account.createdAt(), account.statusChangedAt());
    }
}

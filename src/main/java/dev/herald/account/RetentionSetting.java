package dev.herald.account;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * How many days an account keeps message content and addresses ({@code retentionDays}, {@link DataRetention}):
 * read and changed by the settings API and the console's settings page, with one check of the bounds.
 */
@Service
public class RetentionSetting {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;

    private final AccountSettings settings;

    RetentionSetting(AccountSettings settings) {
        this.settings = settings;
    }

    public int days(AccountId account) {
        return settings.retentionDays(account.value());
    }

    /** @throws InvalidRequestException naming {@code retentionDays} when it is not a whole number in bounds */
    public void set(AccountId account, Object days) {
        if (!(days instanceof Integer value) || value < MIN_DAYS || value > MAX_DAYS) {
            throw new InvalidRequestException("retentionDays", "must be a whole number of days from " + MIN_DAYS
                    + " to " + MAX_DAYS);
        }
        settings.setRetentionDays(account.value(), value);
    }
}

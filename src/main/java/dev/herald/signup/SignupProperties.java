package dev.herald.signup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Self-service sign-up ({@code herald.signup.*}, docs/accounts.md "Self-service sign-up"): off unless enabled.
 *
 * @param enabled     whether anyone may sign up an organisation; off, the page and the API answer 404
 * @param mailAccount the name of the account whose e-mail route sends the verification links (the platform's own
 *                    account with its e-mail provider); required when enabled
 * @param validFor    how long a verification link works
 * @param perEmail    sign-ups for one e-mail address per hour
 * @param perClient   sign-ups from one client address per hour
 */
@ConfigurationProperties("herald.signup")
record SignupProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String mailAccount,
        @DefaultValue("P1D") Duration validFor,
        @DefaultValue("3") int perEmail,
        @DefaultValue("10") int perClient) {

    SignupProperties {
        if (enabled && (mailAccount == null || mailAccount.isBlank())) {
            throw new IllegalArgumentException("herald.signup.enabled needs herald.signup.mail-account: the name of "
                    + "the account whose e-mail provider sends the verification links");
        }
    }
}

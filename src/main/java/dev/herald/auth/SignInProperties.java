package dev.herald.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in throttling for the console and OAuth sign-in pages ({@code herald.sign-in.*}); see
 * {@code docs/console.md#sign-in-throttling}.
 *
 * @param maxFailuresPerUser    failed sign-ins for one username within {@code window} that lock it
 * @param maxFailuresPerAddress failed sign-ins from one client address within {@code window} that lock it
 * @param window                how long failures are counted together
 * @param firstLock             how long the first lock lasts; each further lock lasts twice as long
 * @param maxLock               the longest lock
 * @param resetsPerLogin        password-reset requests for one username or address per hour
 * @param resetsPerAddress      password-reset requests from one client address per hour
 */
@ConfigurationProperties("herald.sign-in")
record SignInProperties(
        @DefaultValue("5") int maxFailuresPerUser,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window,
        @DefaultValue("1m") Duration firstLock,
        @DefaultValue("1h") Duration maxLock,
        @DefaultValue("3") int resetsPerLogin,
        @DefaultValue("20") int resetsPerAddress) {}

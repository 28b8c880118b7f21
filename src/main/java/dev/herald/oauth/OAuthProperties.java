package dev.herald.oauth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * OAuth 2.0 for partner apps ({@code herald.oauth.*}). Token lifetimes apply to every app, including those
 * registered before a change.
 *
 * @param accessTokenTtl       how long an access token works (the reference: 172 800 s)
 * @param refreshTokenTtl      how long a refresh token works (the reference: 2 592 000 s)
 * @param authorizationCodeTtl how long a partner has to exchange a code for tokens
 * @param maxLogoSize          the largest logo a partner app may upload
 */
@ConfigurationProperties("herald.oauth")
public record OAuthProperties(
        @DefaultValue("172800s") Duration accessTokenTtl,
        @DefaultValue("2592000s") Duration refreshTokenTtl,
        @DefaultValue("5m") Duration authorizationCodeTtl,
        @DefaultValue("1MB") DataSize maxLogoSize) {}

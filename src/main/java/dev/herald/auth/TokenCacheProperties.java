package dev.herald.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-node cache of bearer-token lookups ({@code herald.auth.token-cache.*}); see
 * {@code docs/configuration.md}.
 *
 * @param ttl        how long a looked-up token is remembered (0 = no cache: every request asks the database)
 * @param maxEntries the most tokens remembered at once; the cache is emptied when it is full
 */
@ConfigurationProperties("herald.auth.token-cache")
record TokenCacheProperties(
        @DefaultValue("10s") Duration ttl,
        @DefaultValue("10000") int maxEntries) {}

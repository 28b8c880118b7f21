package dev.herald.callback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Status callback settings ({@code herald.callbacks.*}); see {@code docs/api.md#callbacks}.
 *
 * @param allowPrivateAddresses lets callback URLs reach loopback, private, link-local, CGNAT and similar
 *                              addresses; off by default so a callback cannot probe the operator's network
 * @param retryFor              how long after a status change its callback is retried before it is given up
 * @param initialBackoff        the wait after the first failed attempt; it doubles with every further failure
 * @param maxBackoff            the longest wait between two attempts
 * @param resolveTimeout        how long a send request may spend resolving its callback hosts
 * @param lease                 how long a claimed callback stays with its node before another node may take it
 * @param pollInterval          the safety-net poll when no notification arrives
 * @param batchSize             how many due callbacks a node claims at once; they are POSTed concurrently and
 *                              recorded together
 * @param maxInFlight           how many claimed callbacks a node works on at once, over all its batches
 * @param maxPerHost            how many callbacks a node POSTs to one receiving host at once
 * @param retention             how long a delivered or given-up callback is kept (for GET /api/v1/callbacks)
 */
@ConfigurationProperties("herald.callbacks")
record CallbackProperties(
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("3s") Duration resolveTimeout,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("256") int maxInFlight,
        @DefaultValue("32") int maxPerHost,
        @DefaultValue("30d") Duration retention) {}

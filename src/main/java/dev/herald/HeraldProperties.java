package dev.herald;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Herald's own settings ({@code herald.*}); see {@code docs/configuration.md}.
 *
 * @param bootstrapToken when set, the demo account's API token (instead of a generated one)
 */
@ConfigurationProperties("herald")
public record HeraldProperties(
        String bootstrapToken,
        @DefaultValue Demo demo,
        @DefaultValue EmbeddedDb embeddedDb,
        @DefaultValue Api api,
        @DefaultValue Queue queue,
        @DefaultValue Intake intake,
        @DefaultValue Sandbox sandbox,
        Map<String, RateLimit> rateLimits,
        Map<String, HttpGateway> httpGateways) {

    public HeraldProperties {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
        httpGateways = httpGateways == null ? Map.of() : Map.copyOf(httpGateways);
    }

    /**
     * A generic HTTP gateway provider (see {@code docs/providers.md}), named by its key.
     *
     * @param channels      the channels it carries, by request key ({@code sms}, {@code viber}, ...)
     * @param webhookSecret the bearer secret the gateway presents when it posts delivery reports
     */
    public record HttpGateway(
            String baseUrl,
            String apiKey,
            Set<String> channels,
            @DefaultValue("10s") Duration timeout,
            String webhookSecret,
            @DefaultValue("64") int maxConcurrent) {}

    /** The demo account created on an empty database so a fresh install can be tried at once. */
    public record Demo(@DefaultValue("true") boolean enabled) {}

    /** The PostgreSQL started by the process when no external database is configured. */
    public record EmbeddedDb(@DefaultValue("data/postgres") String dataDir, @DefaultValue("0") int port) {}

    /**
     * Limits on what one API request may carry.
     *
     * @param maxUploadSize the limit for multipart uploads (send task files) instead of {@code maxBodySize}
     */
    public record Api(@DefaultValue("16MB") DataSize maxBodySize, @DefaultValue("10000") int maxDestinations,
                      @DefaultValue("64MB") DataSize maxUploadSize) {}

    /**
     * The PostgreSQL work queue.
     *
     * @param lease        how long a claimed job stays with its node before another node may take it over
     * @param pollInterval      the safety-net poll when no notification arrives
     * @param engineConnections how many delivery-engine transactions may run at once; the engine's own pool
     *                          has this many + 2 connections, beside the main pool (see db.PoolRouter)
     * @param gather            how long the dispatcher lets new jobs gather after a notification before it claims,
     *                          so that single sends arriving one by one share a batch (0 = claim at once)
     */
    public record Queue(
            @DefaultValue("100") int batchSize,
            @DefaultValue("256") int maxInFlight,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("5s") Duration pollInterval,
            @DefaultValue("12") int engineConnections,
            @DefaultValue("10ms") Duration gather) {}

    /**
     * How much the intake of {@code POST /api/v1/messages} may take from delivery (docs/api.md, "Backpressure").
     *
     * @param maxLag            sends are refused (503 with Retry-After) while the oldest due transactional
     *                          message not yet claimed by a node has waited longer than this (0 = never)
     * @param lagRefresh        how long one look-up of that lag is used for (all nodes' requests share it)
     * @param maxConcurrent     how many requests of this node may prepare and store messages at once (0 = no
     *                          limit); with {@code herald.queue.engine-connections} it splits the pool
     * @param admissionTimeout  how long a request waits for its turn before it is refused
     * @param retryAfter        the Retry-After of a refusal
     * @param groupCommitMax    how many small sends (at most 100 destinations, no idempotency key, bulkId or short
     *                          links) waiting at once are stored by one statement (1 = each alone)
     */
    public record Intake(
            @DefaultValue("5s") Duration maxLag,
            @DefaultValue("200ms") Duration lagRefresh,
            @DefaultValue("8") int maxConcurrent,
            @DefaultValue("2s") Duration admissionTimeout,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue("64") int groupCommitMax) {}

    /**
     * A provider's capacity, shared by all nodes.
     *
     * @param perSecond            messages per second over the whole provider (0 = unlimited)
     * @param perRecipientInterval the least time between two messages to one address (null = no spacing)
     * @param maxHold              the longest a send waits for capacity on its thread; longer waits go back to
     *                             the queue, where any node may take them up when capacity is expected
     */
    public record RateLimit(int perSecond, Duration perRecipientInterval, @DefaultValue("10s") Duration maxHold) {}

    /** The built-in sandbox provider. */
    public record Sandbox(@DefaultValue("300ms") Duration reportDelay) {}
}

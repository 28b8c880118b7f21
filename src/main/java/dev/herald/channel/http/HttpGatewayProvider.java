package dev.herald.channel.http;

import dev.herald.HeraldProperties;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.RetryAfter;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider behind a plain HTTP gateway (an in-house SMS gateway, a messaging aggregator): Herald POSTs
 * each message as JSON to {@code <baseUrl>/messages} with the message id as {@code Idempotency-Key}, and
 * reads the outcome from the HTTP status: 2xx accepted, 429/408/5xx or no answer worth retrying (honouring
 * {@code Retry-After}), any other 4xx refused for good. See {@code docs/providers.md}.
 *
 * <p>A batch goes out at once, each message's POST on its own virtual thread over the client's pooled keep-alive
 * connections, at most {@code maxConcurrent} at a time per gateway on this node (the rest wait their turn), so a
 * batch of 100 costs about the time of its slowest {@code 100 / maxConcurrent} round trips, not 100.
 */
final class HttpGatewayProvider implements ChannelProvider {

    private final String name;
    private final HeraldProperties.HttpGateway config;
    private final URI messagesUrl;
    private final Set<Channel> channels;
    private final HttpClient http;
    private final JsonMapper json;
    private final DefaultSenders senders;
    private final Semaphore inFlight;

    HttpGatewayProvider(String name, HeraldProperties.HttpGateway config, Set<Channel> channels, HttpClient http,
                        JsonMapper json, DefaultSenders senders) {
        this.name = name;
        this.senders = senders;
        this.config = config;
        this.messagesUrl = URI.create(config.baseUrl().replaceAll("/+$", "") + "/messages");
        this.channels = channels;
        this.http = http;
        this.json = json;
        this.inFlight = new Semaphore(Math.max(1, config.maxConcurrent()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channels.contains(channel);
    }

    /** Every message's POST at once, each on its own virtual thread, within the gateway's {@code maxConcurrent}. */
    @Override
    public List<SendResult> sendAll(List<OutboundMessage> messages) {
        if (messages.size() == 1) {
            return List.of(sendCaught(messages.getFirst()));
        }
        List<Future<SendResult>> results;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            results = messages.stream().map(m -> threads.submit(() -> sendCaught(m))).toList();
        }
        return results.stream().map(Future::resultNow).toList();
    }

    private SendResult sendCaught(OutboundMessage message) {
        try {
            return send(message);
        } catch (RuntimeException e) {
            return new SendResult.TransientFailure(name + " call failed: " + e, null);
        }
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure(name + " call interrupted", null);
        }
        try {
            return post(message);
        } finally {
            inFlight.release();
        }
    }

    private SendResult post(OutboundMessage message) {
        Map<String, Object> body = new LinkedHashMap<>(message.content());
        // A gateway has no default sender of its own: the account's, else Herald's.
        body.put("from", senders.resolve(message.string("from"), null, message.accountId()));
        body.put("id", message.messageId().toString());
        body.put("channel", message.channel().key());
        body.put("to", message.address());
        HttpRequest.Builder request = HttpRequest.newBuilder(messagesUrl)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", message.messageId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new SendResult.TransientFailure(name + " unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure(name + " call interrupted", null);
        }
        return outcome(message, response);
    }

    private SendResult outcome(OutboundMessage message, HttpResponse<String> response) {
        int status = response.statusCode();
        String text = Excerpt.of(response.body());
        if (status >= 200 && status < 300) {
            // A gateway bills an SMS by its parts like an SMSC; Herald counts them as the SMSC would.
            return new SendResult.Accepted(providerId(response.body()).orElse(message.messageId().toString()),
                    message.smsParts());
        }
        if (status == 429 || status == 408 || status >= 500) {
            return new SendResult.TransientFailure(name + " answered " + status + ": " + text,
                    RetryAfter.of(response, Clock.systemUTC()).orElse(null));
        }
        return new SendResult.PermanentFailure("HTTP_" + status, name + " refused the message: " + text);
    }

    private Optional<String> providerId(String body) {
        try {
            JsonNode id = json.readTree(body).path("id");
            return id.isValueNode() && !id.asString().isBlank() ? Optional.of(id.asString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

}

package dev.herald.channel.http;

import dev.herald.HeraldProperties;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP gateway an account connects itself ({@code type: http}), speaking the same protocol as the
 * gateways the operator configures: messages POSTed to {@code <baseUrl>/messages}, reports to
 * {@code /webhooks/http/<connection id>}.
 */
@Component
class HttpGatewayType implements ProviderType {

    static final String TYPE = "http";
    private static final int DEFAULT_TIMEOUT_MS = 10_000;
    private static final int DEFAULT_MAX_CONCURRENT = 64;

    private final HttpClient http = ProviderHttp.keepAliveClient();
    private final JsonMapper json;
    private final DefaultSenders senders;

    HttpGatewayType(JsonMapper json, DefaultSenders senders) {
        this.json = json;
        this.senders = senders;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public List<SettingField> fields() {
        return List.of(
                SettingField.required("baseUrl", "The gateway's base URL; messages are POSTed to <baseUrl>/messages."),
                SettingField.optionalSecret("apiKey", "Sent as Authorization: Bearer <apiKey>; blank sends none."),
                SettingField.optionalSecret("webhookSecret",
                        "The bearer secret the gateway presents when it posts reports to /webhooks/http/<connection id>."),
                SettingField.optional("timeoutMs", String.valueOf(DEFAULT_TIMEOUT_MS),
                        "How long to wait for the answer to one POST, in milliseconds."),
                SettingField.optional("maxConcurrent", String.valueOf(DEFAULT_MAX_CONCURRENT),
                        "How many POSTs this node sends to the gateway at once (1-1000)."));
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        try {
            int timeout = connection.intSetting("timeoutMs", DEFAULT_TIMEOUT_MS);
            if (timeout <= 0 || timeout > 120_000) {
                return List.of(new FieldProblem("timeoutMs", "must be between 1 and 120000"));
            }
        } catch (NumberFormatException e) {
            return List.of(new FieldProblem("timeoutMs", "must be a whole number of milliseconds"));
        }
        try {
            int concurrent = connection.intSetting("maxConcurrent", DEFAULT_MAX_CONCURRENT);
            return concurrent > 0 && concurrent <= 1000 ? List.of()
                    : List.of(new FieldProblem("maxConcurrent", "must be between 1 and 1000"));
        } catch (NumberFormatException e) {
            return List.of(new FieldProblem("maxConcurrent", "must be a whole number"));
        }
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        return new HttpGatewayProvider(connection.key(), config(connection), Set.of(connection.channel()), http, json, senders);
    }

    /** Reaches the gateway: any answer but 401/403 or 5xx shows it is there and takes the key. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        HeraldProperties.HttpGateway config = config(connection);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl().replaceAll("/+$", "") + "/messages"))
                .timeout(config.timeout())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401 || status == 403) {
                return ConnectionCheck.failed("The gateway refused the API key (HTTP " + status + ")");
            }
            if (status >= 500) {
                return ConnectionCheck.failed("The gateway answered HTTP " + status);
            }
            return ConnectionCheck.ok("The gateway answered HTTP " + status);
        } catch (IOException e) {
            return ConnectionCheck.failed("The gateway is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("Interrupted");
        }
    }

    static HeraldProperties.HttpGateway config(ProviderConnection connection) {
        return new HeraldProperties.HttpGateway(connection.setting("baseUrl"), connection.setting("apiKey"),
                Set.of(connection.channel().key()), Duration.ofMillis(connection.intSetting("timeoutMs", DEFAULT_TIMEOUT_MS)),
                connection.setting("webhookSecret"), connection.intSetting("maxConcurrent", DEFAULT_MAX_CONCURRENT));
    }
}

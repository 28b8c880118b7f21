package dev.herald.channel.viber;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections to a Viber bot through the Viber REST bot API. Viber delivers nothing for a bot without a
 * webhook, so testing a connection that has {@code publicAddress} also registers its webhook ({@code set_webhook}).
 */
@Component
class ViberBotType implements ProviderType {

    static final String TYPE = "viber-bot";
    static final String BASE_URL = "baseUrl";
    static final String AUTH_TOKEN = "authToken";
    static final String SENDER_NAME = "senderName";
    static final String SENDER_AVATAR = "senderAvatar";
    static final String PUBLIC_ADDRESS = "publicAddress";

    /** Viber's limit on the sender name. */
    static final int MAX_SENDER_NAME = 28;

    /** The callbacks Herald asks for; {@code message} events come without asking. */
    static final List<String> EVENT_TYPES = List.of("delivered", "seen", "failed", "subscribed", "unsubscribed",
            "conversation_started");

    static final String DEFAULT_BASE_URL = "https://chatapi.viber.com/pa";

    private static final List<SettingField> FIELDS = List.of(
            SettingField.optional(BASE_URL, DEFAULT_BASE_URL, "The Viber REST bot API base URL."),
            SettingField.secret(AUTH_TOKEN,
                    "The bot's token, shown when the bot is created at partners.viber.com (Info > Token)."),
            SettingField.required(SENDER_NAME, "The sender name shown with each message, at most 28 characters."),
            SettingField.optional(SENDER_AVATAR, null, "An https URL of the sender's avatar (JPEG, under 100 KB)."),
            SettingField.optional(PUBLIC_ADDRESS, null, "Herald's public https address, e.g. https://herald.example.com: "
                    + "testing the connection then registers <publicAddress>/webhooks/viber-bot/<connection id> with Viber."));

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;
    // Lazy: the connections repository itself needs every provider type.
    private final ObjectProvider<ConnectionLookup> connections;

    ViberBotType(JsonMapper json, ObjectProvider<ConnectionLookup> connections) {
        this.json = json;
        this.connections = connections;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.VIBER);
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!isUrl(baseUrl(connection), false)) {
            problems.add(new FieldProblem(BASE_URL, "must be an http(s) URL such as https://chatapi.viber.com/pa"));
        }
        String senderName = connection.setting(SENDER_NAME);
        if (senderName != null && (senderName.isBlank() || senderName.strip().length() > MAX_SENDER_NAME)) {
            problems.add(new FieldProblem(SENDER_NAME, "must be 1 to " + MAX_SENDER_NAME + " characters"));
        }
        String avatar = connection.setting(SENDER_AVATAR);
        if (avatar != null && !avatar.isBlank() && !isUrl(avatar, true)) {
            problems.add(new FieldProblem(SENDER_AVATAR, "must be an https URL of an image"));
        }
        String publicAddress = connection.setting(PUBLIC_ADDRESS);
        if (publicAddress != null && !publicAddress.isBlank() && !isUrl(publicAddress, true)) {
            problems.add(new FieldProblem(PUBLIC_ADDRESS, "must be an https URL: Viber calls only https webhooks"));
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        return new ViberBotProvider(connection, api(connection));
    }

    /** Reads the bot's account ({@code get_account_info}), then registers the webhook when {@code publicAddress} is set. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        ViberApi viber = api(connection);
        try {
            ViberApi.Answer account = viber.post("get_account_info", Map.of());
            if (account.httpStatus() != 200 || account.status() != ViberBotProvider.OK) {
                return ConnectionCheck.failed("get_account_info: " + failure(account));
            }
            String bot = "Viber bot '" + account.body().path("name").asString("?") + "' ("
                    + account.body().path("uri").asString("?") + ")";
            String publicAddress = connection.setting(PUBLIC_ADDRESS);
            if (publicAddress == null || publicAddress.isBlank()) {
                String webhook = account.body().path("webhook").asString("");
                return ConnectionCheck.ok(bot + (webhook.isBlank()
                        ? "; no webhook set: Viber refuses messages until one is (set publicAddress and test again)"
                        : "; webhook " + webhook));
            }
            if (!savedAsTested(connection)) {
                return ConnectionCheck.ok(bot + "; the webhook is registered when the saved connection is tested");
            }
            String url = publicAddress.strip().replaceAll("/+$", "") + "/webhooks/viber-bot/" + connection.id();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("url", url);
            request.put("event_types", EVENT_TYPES);
            request.put("send_name", true);
            request.put("send_photo", false);
            ViberApi.Answer registered = viber.post("set_webhook", request);
            if (registered.httpStatus() != 200 || registered.status() != ViberBotProvider.OK) {
                return ConnectionCheck.failed(bot + "; set_webhook " + url + ": " + failure(registered));
            }
            return ConnectionCheck.ok(bot + "; webhook " + url + " registered");
        } catch (IOException e) {
            return ConnectionCheck.failed("Viber unreachable at " + baseUrl(connection) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("interrupted");
        }
    }

    /**
     * Viber calls the webhook as soon as it is set, signed with the token; Herald can answer only for a connection
     * it has saved with that token, not for one being tested before it is created or changed.
     */
    private boolean savedAsTested(ProviderConnection connection) {
        return connections.getObject().find(connection.id())
                .filter(saved -> Objects.equals(saved.setting(AUTH_TOKEN), connection.setting(AUTH_TOKEN)))
                .isPresent();
    }

    private static String failure(ViberApi.Answer answer) {
        return answer.httpStatus() != 200 ? "HTTP " + answer.httpStatus() + " " + answer.quoted()
                : answer.statusMessage() + " (status " + answer.status() + ")";
    }

    private ViberApi api(ProviderConnection connection) {
        return new ViberApi(http, json, baseUrl(connection), connection.setting(AUTH_TOKEN));
    }

    /** Connections being saved do not have defaults filled in yet. */
    private static String baseUrl(ProviderConnection connection) {
        String value = connection.setting(BASE_URL);
        return value == null || value.isBlank() ? DEFAULT_BASE_URL : value.strip();
    }

    private static boolean isUrl(String value, boolean httpsOnly) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(value.strip());
            boolean scheme = "https".equals(uri.getScheme()) || !httpsOnly && "http".equals(uri.getScheme());
            return scheme && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package dev.herald.channel.fcm;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections of type {@code fcm}: mobile push (channel {@code push}) through Firebase Cloud Messaging HTTP v1,
 * authorised by a service-account key. See {@code docs/providers.md#mobile-push-fcm}.
 */
@Component
class FcmProviderType implements ProviderType {

    static final String TYPE = "fcm";
    static final String SERVICE_ACCOUNT_JSON = "serviceAccountJson";
    static final String PROJECT_ID = "projectId";
    static final String BASE_URL = "baseUrl";
    static final String TOKEN_URI = "tokenUri";
    static final String DEFAULT_BASE_URL = "https://fcm.googleapis.com";

    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = ProviderHttp.client();

    FcmProviderType(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.PUSH);
    }

    @Override
    public List<SettingField> fields() {
        return List.of(
                SettingField.secret(SERVICE_ACCOUNT_JSON, "The service-account key file as JSON: Firebase console → "
                        + "Project settings → Service accounts → Generate new private key."),
                SettingField.optional(PROJECT_ID, null, "The Firebase project id; blank for the key file's project_id."),
                SettingField.optional(BASE_URL, DEFAULT_BASE_URL, "The FCM API's base URL."),
                SettingField.optional(TOKEN_URI, null, "Where access tokens are issued; blank for the key file's token_uri."));
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        String serviceAccount = connection.setting(SERVICE_ACCOUNT_JSON);
        if (serviceAccount != null && !serviceAccount.isBlank()) {
            try {
                serviceAccount(connection);
            } catch (ServiceAccount.InvalidServiceAccountException e) {
                problems.add(new FieldProblem(SERVICE_ACCOUNT_JSON, e.getMessage()));
            }
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        ServiceAccount account = serviceAccount(connection);
        return new FcmProvider(connection.key(), baseUrl(connection), account,
                new AccessTokens(account, http, json, clock), http, json, clock);
    }

    /** Fetches an access token: proves the key is valid and allowed to send for the project. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        ServiceAccount account;
        try {
            account = serviceAccount(connection);
        } catch (ServiceAccount.InvalidServiceAccountException e) {
            return ConnectionCheck.failed(SERVICE_ACCOUNT_JSON + " " + e.getMessage());
        }
        try {
            new AccessTokens(account, http, json, clock).get();
            return ConnectionCheck.ok("access token issued to " + account.clientEmail() + "; project "
                    + account.projectId());
        } catch (AccessTokens.TokenException e) {
            return ConnectionCheck.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("interrupted while asking for an access token");
        }
    }

    private ServiceAccount serviceAccount(ProviderConnection connection) {
        return ServiceAccount.parse(connection.setting(SERVICE_ACCOUNT_JSON), connection.setting(PROJECT_ID),
                connection.setting(TOKEN_URI), json);
    }

    private static String baseUrl(ProviderConnection connection) {
        String value = connection.setting(BASE_URL);
        return value == null || value.isBlank() ? DEFAULT_BASE_URL : value.strip();
    }
}

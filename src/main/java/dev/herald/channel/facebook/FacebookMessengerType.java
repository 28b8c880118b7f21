package dev.herald.channel.facebook;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Connections to Facebook Messenger through the Messenger Platform (Meta's Graph API), one per Facebook Page. */
@Component
class FacebookMessengerType implements ProviderType {

    static final String TYPE = "facebook-messenger";
    static final String BASE_URL = "baseUrl";
    static final String PAGE_ID = "pageId";
    static final String PAGE_ACCESS_TOKEN = "pageAccessToken";
    static final String APP_SECRET = "appSecret";
    static final String VERIFY_TOKEN = "verifyToken";

    static final String DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0";

    private static final List<SettingField> FIELDS = List.of(
            SettingField.optional(BASE_URL, DEFAULT_BASE_URL,
                    "The Graph API base URL with its version; change it only to move to a newer API version."),
            SettingField.required(PAGE_ID,
                    "The Facebook Page's numeric ID: the Page's About > Page transparency, or Meta Business Suite > Settings."),
            SettingField.secret(PAGE_ACCESS_TOKEN,
                    "A non-expiring Page access token with pages_messaging: App Dashboard > Messenger > Settings > Access tokens."),
            SettingField.secret(APP_SECRET,
                    "The Meta app's secret, which signs webhooks: App Dashboard > App settings > Basic."),
            SettingField.secret(VERIFY_TOKEN,
                    "Any string you choose; enter the same one as the Verify token when you add the webhook URL in Meta."),
            SettingField.optional(ProviderConnection.RATE_PER_SECOND, "40",
                    "At most this many messages per second; Meta throttles a Page's sends by its own measure."));

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;
    private final MessengerThreads threads;
    private final SentMessages sent;
    private final Clock clock;

    FacebookMessengerType(JsonMapper json, MessengerThreads threads, SentMessages sent, Clock clock) {
        this.json = json;
        this.threads = threads;
        this.sent = sent;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.FACEBOOK);
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!isHttpUrl(setting(connection, BASE_URL, DEFAULT_BASE_URL))) {
            problems.add(new FieldProblem(BASE_URL, "must be an http(s) URL such as " + DEFAULT_BASE_URL));
        }
        String pageId = connection.setting(PAGE_ID);
        if (pageId != null && !pageId.strip().matches("[0-9]{1,30}")) {
            problems.add(new FieldProblem(PAGE_ID, "must be the Page's numeric ID, not its name or URL"));
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        return new FacebookMessengerProvider(connection, page(connection), threads, sent, clock);
    }

    /** Reads the Page's record with the token, which proves the token belongs to that Page. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        MetaGraphApi.Answer answer;
        try {
            answer = page(connection).get("/" + connection.setting(PAGE_ID).strip() + "?fields=id,name");
        } catch (IOException e) {
            return ConnectionCheck.failed("Facebook unreachable at " + setting(connection, BASE_URL, DEFAULT_BASE_URL)
                    + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("interrupted");
        }
        if (!answer.ok()) {
            return ConnectionCheck.failed("Facebook answered " + answer.status() + ": "
                    + SendErrors.describe(answer.body().path("error"), answer));
        }
        JsonNode found = answer.body();
        return ConnectionCheck.ok("Page " + found.path("name").asString("?") + " (" + found.path("id").asString("?") + ")");
    }

    private MetaGraphApi page(ProviderConnection connection) {
        return new MetaGraphApi(http, json, setting(connection, BASE_URL, DEFAULT_BASE_URL), connection.setting(PAGE_ACCESS_TOKEN));
    }

    /** A setting, stripped, or its default when blank: connections being saved do not have defaults filled in yet. */
    static String setting(ProviderConnection connection, String name, String fallback) {
        String value = connection.setting(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static boolean isHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(value.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

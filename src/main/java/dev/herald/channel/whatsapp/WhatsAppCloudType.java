package dev.herald.channel.whatsapp;

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
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Connections to the WhatsApp Business Cloud API (Meta's Graph API), one per business phone number. */
@Component
class WhatsAppCloudType implements ProviderType {

    static final String TYPE = "whatsapp-cloud";
    static final String BASE_URL = "baseUrl";
    static final String PHONE_NUMBER_ID = "phoneNumberId";
    static final String ACCESS_TOKEN = "accessToken";
    static final String APP_SECRET = "appSecret";
    static final String VERIFY_TOKEN = "verifyToken";
    static final String DEFAULT_LANGUAGE = "defaultLanguage";
    static final String WABA_ID = "wabaId";

    /** Template language codes as WhatsApp lists them: {@code en}, {@code en_US}, {@code pt_BR}, {@code zh_HK}. */
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z]{2,4})?");

    static final String DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0";
    static final String DEFAULT_LANGUAGE_CODE = "en_US";

    private static final List<SettingField> FIELDS = List.of(
            SettingField.optional(BASE_URL, DEFAULT_BASE_URL,
                    "The Graph API base URL with its version; change it only to move to a newer API version."),
            SettingField.required(PHONE_NUMBER_ID,
                    "The phone number ID (not the number itself): Meta App Dashboard > WhatsApp > API Setup."),
            SettingField.secret(ACCESS_TOKEN,
                    "A system user's permanent access token with whatsapp_business_messaging: Business Settings > System users."),
            SettingField.secret(APP_SECRET,
                    "The Meta app's secret, which signs webhooks: App Dashboard > App settings > Basic."),
            SettingField.secret(VERIFY_TOKEN,
                    "Any string you choose; enter the same one as the Verify token when you add the webhook URL in Meta."),
            SettingField.optional(WABA_ID, null,
                "The WhatsApp Business Account ID (Business Settings > Accounts > WhatsApp accounts): needed to "
                        + "submit message templates for review, and to tell its template status webhooks apart."),
            SettingField.optional(DEFAULT_LANGUAGE, DEFAULT_LANGUAGE_CODE,
                    "The template language used when a message gives no language, e.g. en_US, ru, pt_BR."),
            SettingField.optional(ProviderConnection.RATE_PER_SECOND, "80",
                    "At most this many messages per second: the Cloud API's throughput per number unless Meta raised it."));

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;
    private final CustomerServiceWindows windows;
    private final Clock clock;

    WhatsAppCloudType(JsonMapper json, CustomerServiceWindows windows, Clock clock) {
        this.json = json;
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.WHATSAPP);
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!isHttpUrl(setting(connection, BASE_URL, DEFAULT_BASE_URL))) {
            problems.add(new FieldProblem(BASE_URL, "must be an http(s) URL such as https://graph.facebook.com/v21.0"));
        }
        String phoneNumberId = connection.setting(PHONE_NUMBER_ID);
        if (phoneNumberId != null && !phoneNumberId.strip().matches("[0-9]{1,30}")) {
            problems.add(new FieldProblem(PHONE_NUMBER_ID, "must be the numeric phone number ID from the App Dashboard "
                    + "(WhatsApp > API Setup), not the phone number"));
        }
        String wabaId = connection.setting(WABA_ID);
        if (wabaId != null && !wabaId.isBlank() && !wabaId.strip().matches("[0-9]{1,30}")) {
            problems.add(new FieldProblem(WABA_ID, "must be the numeric WhatsApp Business Account ID"));
        }
        if (!LANGUAGE.matcher(setting(connection, DEFAULT_LANGUAGE, DEFAULT_LANGUAGE_CODE)).matches()) {
            problems.add(new FieldProblem(DEFAULT_LANGUAGE, "must be a WhatsApp language code such as en_US or ru"));
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        return new WhatsAppCloudProvider(connection, graph(connection), windows, clock);
    }

    /** Reads the phone number's record, which proves the token may use the number. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        MetaGraphApi.Answer answer;
        try {
            answer = graph(connection).get("/" + connection.setting(PHONE_NUMBER_ID).strip()
                    + "?fields=display_phone_number,verified_name,quality_rating");
        } catch (IOException e) {
            return ConnectionCheck.failed("WhatsApp unreachable at " + setting(connection, BASE_URL, DEFAULT_BASE_URL)
                    + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("interrupted");
        }
        if (!answer.ok()) {
            return ConnectionCheck.failed("WhatsApp answered " + answer.status() + ": "
                    + GraphErrors.describe(answer.body().path("error"), answer));
        }
        JsonNode number = answer.body();
        return ConnectionCheck.ok("phone number " + number.path("display_phone_number").asString("?")
                + " (" + number.path("verified_name").asString("no verified name") + "), quality "
                + number.path("quality_rating").asString("unknown"));
    }

    private MetaGraphApi graph(ProviderConnection connection) {
        return new MetaGraphApi(http, json, setting(connection, BASE_URL, DEFAULT_BASE_URL), connection.setting(ACCESS_TOKEN));
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

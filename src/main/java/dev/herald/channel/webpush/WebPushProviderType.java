package dev.herald.channel.webpush;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.VAPIDKeyPairs;
import com.zerodeplibs.webpush.header.Urgency;
import com.zerodeplibs.webpush.key.PrivateKeySources;
import com.zerodeplibs.webpush.key.PublicKeySources;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.channel.UrlGuard;
import dev.herald.web.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections of type {@code webpush}: browser notifications (channel {@code webpush}) to push subscriptions,
 * signed with the connection's VAPID key pair. See {@code docs/providers.md#web-push}.
 */
@Component
class WebPushProviderType implements ProviderType {

    static final String TYPE = "webpush";
    static final String VAPID_PUBLIC_KEY = "vapidPublicKey";
    static final String VAPID_PRIVATE_KEY = "vapidPrivateKey";
    static final String SUBJECT = "subject";
    static final String TTL_SECONDS = "ttlSeconds";
    static final String URGENCY = "urgency";
    static final String DEFAULT_TTL_SECONDS = "86400";
    /** The longest TTL push services keep a message for (Chrome and Firefox: 28 days). */
    static final long MAX_TTL_SECONDS = 2_419_200;

    private final JsonMapper json;
    private final UrlGuard guard;
    private final Clock clock;
    private final HttpClient http = ProviderHttp.client();

    WebPushProviderType(JsonMapper json, UrlGuard guard, Clock clock) {
        this.json = json;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.WEBPUSH);
    }

    @Override
    public List<SettingField> fields() {
        return List.of(
                SettingField.required(VAPID_PUBLIC_KEY, "The VAPID public key (base64url), the applicationServerKey "
                        + "your site subscribes with; POST /api/v1/providers/webpush/vapid-keys makes a pair."),
                SettingField.secret(VAPID_PRIVATE_KEY, "The VAPID private key (base64url, or a PKCS#8 PEM) of the same pair."),
                SettingField.required(SUBJECT, "How push services reach you about your pushes: mailto:you@example.com "
                        + "or an https URL."),
                SettingField.optional(TTL_SECONDS, DEFAULT_TTL_SECONDS, "How long a push service keeps a message for "
                        + "a browser that is offline, in seconds (0 to " + MAX_TTL_SECONDS + ")."),
                SettingField.optional(URGENCY, "normal", "very-low, low, normal or high: how eagerly a device on "
                        + "battery wakes up for it (RFC 8030)."));
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        String publicKey = connection.setting(VAPID_PUBLIC_KEY);
        String privateKey = connection.setting(VAPID_PRIVATE_KEY);
        if (present(publicKey) && present(privateKey)) {
            try {
                VapidKeys.parse(publicKey, privateKey);
            } catch (VapidKeys.InvalidVapidKeyException e) {
                problems.add(new FieldProblem(e.setting(), e.getMessage()));
            }
        }
        String subject = connection.setting(SUBJECT);
        if (present(subject) && !validSubject(subject.strip())) {
            problems.add(new FieldProblem(SUBJECT, "must be a mailto: address or an https URL (RFC 8292 §2.1)"));
        }
        String ttl = connection.setting(TTL_SECONDS);
        if (present(ttl) && ttlSeconds(ttl).isEmpty()) {
            problems.add(new FieldProblem(TTL_SECONDS, "must be a whole number of seconds from 0 to " + MAX_TTL_SECONDS));
        }
        String urgency = connection.setting(URGENCY);
        if (present(urgency) && urgency(urgency).isEmpty()) {
            problems.add(new FieldProblem(URGENCY, "must be one of " + urgencies()));
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        VapidKeys keys = VapidKeys.parse(connection.setting(VAPID_PUBLIC_KEY), connection.setting(VAPID_PRIVATE_KEY));
        VAPIDKeyPair vapid = VAPIDKeyPairs.of(PrivateKeySources.ofECPrivateKey(keys.privateKey()),
                PublicKeySources.ofECPublicKey(keys.publicKey()));
        long ttl = ttlSeconds(setting(connection, TTL_SECONDS, DEFAULT_TTL_SECONDS)).orElseThrow();
        Urgency.UrgencyOption urgency = urgency(setting(connection, URGENCY, "normal")).orElseThrow();
        return new WebPushProvider(connection.key(), vapid, connection.setting(SUBJECT).strip(), ttl, urgency, http,
                json, guard, clock);
    }

    /** Web Push has no account to log in to: the test proves the two VAPID keys are one pair. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        if (!present(connection.setting(VAPID_PUBLIC_KEY)) || !present(connection.setting(VAPID_PRIVATE_KEY))) {
            return ConnectionCheck.failed("vapidPublicKey and vapidPrivateKey are required");
        }
        List<FieldProblem> problems = validate(connection);
        if (!problems.isEmpty()) {
            return ConnectionCheck.failed(problems.stream().map(p -> p.field() + " " + p.message())
                    .collect(Collectors.joining("; ")));
        }
        return ConnectionCheck.ok("the VAPID key pair matches; subject " + connection.setting(SUBJECT).strip());
    }

    private static boolean validSubject(String subject) {
        if (subject.startsWith("mailto:")) {
            return subject.length() > "mailto:".length() && subject.contains("@");
        }
        try {
            URI uri = new URI(subject);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Long> ttlSeconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 && seconds <= MAX_TTL_SECONDS ? Optional.of(seconds) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Urgency.UrgencyOption> urgency(String value) {
        return Arrays.stream(Urgency.UrgencyOption.values())
                .filter(option -> option.getValue().equals(value.strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static String urgencies() {
        return Arrays.stream(Urgency.UrgencyOption.values()).map(Urgency.UrgencyOption::getValue)
                .collect(Collectors.joining(", "));
    }

    private static String setting(ProviderConnection connection, String name, String fallback) {
        String value = connection.setting(name);
        return present(value) ? value : fallback;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}

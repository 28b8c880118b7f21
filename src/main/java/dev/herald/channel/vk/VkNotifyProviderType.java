package dev.herald.channel.vk;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * VKontakte and Odnoklassniki notifications ({@code type: vk-notify}) through a moderated-template
 * notification service (as TWIN's "mail.ru templates"); a connection serves one of the two networks.
 */
@Component
class VkNotifyProviderType implements ProviderType {

    static final String TYPE = "vk-notify";

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;

    VkNotifyProviderType(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.VKONTAKTE, Channel.ODNOKLASSNIKI);
    }

    @Override
    public List<SettingField> fields() {
        return VkNotifySettings.fields();
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        return VkNotifySettings.validate(connection);
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        VkNotifySettings settings = VkNotifySettings.of(connection);
        NotifyApi api = new NotifyApi(settings, http, json);
        return new VkNotifyProvider(connection.key(), connection.channel(), settings, api,
                new TemplateCatalog(api, settings.templateCache()), json);
    }

    /** Lists the templates with the connection's token: proves the address and the token, and shows what can be sent. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        VkNotifySettings settings = VkNotifySettings.of(connection);
        List<NotifyTemplate> templates;
        try {
            templates = new TemplateCatalog(new NotifyApi(settings, http, json), Duration.ZERO).reload();
        } catch (NotifyApi.CallFailedException e) {
            return ConnectionCheck.failed(settings.baseUrl() + ": " + e.getMessage());
        }
        if (templates.isEmpty()) {
            return ConnectionCheck.ok("Connected; the service lists no templates yet");
        }
        String byStatus = templates.stream()
                .collect(Collectors.groupingBy(t -> String.valueOf(t.status()).toLowerCase(Locale.ROOT), TreeMap::new,
                        Collectors.mapping(NotifyTemplate::name, Collectors.joining(", "))))
                .entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        return ConnectionCheck.ok("Connected; " + templates.size() + " templates (" + byStatus + ")");
    }
}

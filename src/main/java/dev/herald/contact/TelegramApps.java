package dev.herald.contact;

import dev.herald.channel.Channel;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.telegram.TelegramBotApi;
import dev.herald.channel.telegram.TelegramBots;
import dev.herald.channel.telegram.TelegramProviderType;
import dev.herald.provider.ConnectionRequest;
import dev.herald.provider.ProviderConnectionDeleting;
import dev.herald.provider.ProviderConnectionService;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PublicBaseUrl;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Telegram apps: a bot connected by its BotFather token is a provider connection of type {@code telegram}
 * whose id is the app's {@code app_uuid}. Connecting proves the token with {@code getMe}; receiving updates
 * registers Herald as the bot's webhook with a secret of its own. Disconnecting deletes the connection and,
 * with it, the app's tokens (chat ids mean nothing without the bot); the contacts stay.
 */
@Service
public class TelegramApps {

    private static final Logger log = LoggerFactory.getLogger(TelegramApps.class);
    static final int MAX_NAME = 100;

    /** An app with what the API shows of it. */
    public record TelegramApp(ProviderConnections.Stored stored, TelegramBots.BotInfo bot, long subscribers, String webhookUrl) {}

    private final ProviderConnections connections;
    private final ProviderConnectionService service;
    private final TelegramBots bots;
    private final TelegramBotApi api;
    private final ContactTokens tokens;
    private final PublicBaseUrl publicBaseUrl;
    private final SecureRandom random = new SecureRandom();

    TelegramApps(ProviderConnections connections, ProviderConnectionService service, TelegramBots bots,
                 TelegramBotApi api, ContactTokens tokens, PublicBaseUrl publicBaseUrl) {
        this.connections = connections;
        this.service = service;
        this.bots = bots;
        this.api = api;
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl;
    }

    public TelegramApp connect(UUID accountId, String name, String token, String baseUrl, boolean receiveUpdates,
                        Boolean isDefault) {
        if (token == null || token.isBlank()) {
            throw new InvalidRequestException("token", "is required: the bot's token from @BotFather");
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw new InvalidRequestException("name", "must be 1 to " + MAX_NAME + " characters");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(TelegramProviderType.BOT_TOKEN, token.strip());
        if (baseUrl != null && !baseUrl.isBlank()) {
            settings.put(TelegramProviderType.BASE_URL, baseUrl.strip());
        }
        settings.put(TelegramProviderType.WEBHOOK_SECRET, newSecret());
        // Stored first, under a provisional name, so that the settings (the base URL above all) are checked
        // before Herald calls anything; taken back when Telegram does not know the token.
        String provisional = name != null ? name.strip() : "telegram-" + UUID.randomUUID();
        ProviderConnection connection = withApiFieldNames(() -> service.create(accountId,
                new ConnectionRequest(provisional, TelegramProviderType.TYPE, Channel.TELEGRAM.key(), isDefault,
                        settings), false)).connection();
        UUID id = connection.id();
        try {
            TelegramBotApi.Me me = getMe(TelegramProviderType.bot(connection));
            Optional<UUID> twin = bots.connectionOf(accountId, me.id());
            if (twin.isPresent()) {
                throw new ConflictException("The bot @" + me.username() + " is connected already, as app " + twin.get());
            }
            if (name == null) {
                rename(accountId, id, "@" + me.username());
            }
            if (receiveUpdates) {
                startUpdates(connection);
            }
            bots.remember(accountId, id, me, receiveUpdates);
        } catch (DuplicateKeyException e) {
            service.delete(accountId, id);
            throw new ConflictException("This bot was connected by another request at the same time");
        } catch (RuntimeException e) {
            service.delete(accountId, id);
            throw e;
        }
        return get(accountId, id);
    }

    /** Names the app after its bot; another connection holding that name keeps it, and the app its own. */
    private void rename(UUID accountId, UUID id, String name) {
        try {
            service.update(accountId, id, new ConnectionRequest(name, null, null, null, null), false);
        } catch (InvalidRequestException e) {
            log.info("Telegram app {} keeps its provisional name: {}", id, e.getMessage());
        }
    }

    public List<TelegramApp> list(UUID accountId) {
        Map<UUID, Long> subscribers = tokens.subscribers(accountId);
        return connections.list(accountId, Channel.TELEGRAM, TelegramProviderType.TYPE).stream()
                .map(stored -> view(stored, subscribers.getOrDefault(stored.connection().id(), 0L)))
                .toList();
    }

    TelegramApp get(UUID accountId, UUID id) {
        ProviderConnections.Stored stored = find(accountId, id);
        return view(stored, tokens.subscribers(accountId).getOrDefault(id, 0L));
    }

    /** The app as a messenger app whose tokens can be managed. */
    MessengerApp app(UUID accountId, UUID id) {
        return new MessengerApp(find(accountId, id).connection());
    }

    /**
     * Renames the app, makes it the default Telegram connection or not, and starts or stops its updates.
     * Also refreshes what Herald knows of the bot when it has to ask Telegram anyway.
     */
    TelegramApp update(UUID accountId, UUID id, String name, Boolean receiveUpdates, Boolean isDefault) {
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw new InvalidRequestException("name", "must be 1 to " + MAX_NAME + " characters");
        }
        ProviderConnection connection = find(accountId, id).connection();
        Optional<TelegramBots.BotInfo> bot = bots.find(accountId, id);
        boolean receiving = bot.map(TelegramBots.BotInfo::receiveUpdates).orElse(false);
        boolean wanted = receiveUpdates == null ? receiving : receiveUpdates;
        Map<String, Object> settings = new LinkedHashMap<>();
        if (wanted && connection.setting(TelegramProviderType.WEBHOOK_SECRET) == null) {
            // A connection made through /api/v1/providers has no webhook secret yet.
            settings.put(TelegramProviderType.WEBHOOK_SECRET, newSecret());
        }
        if (name != null || isDefault != null || !settings.isEmpty()) {
            connection = withApiFieldNames(() -> service.update(accountId, id,
                    new ConnectionRequest(name == null ? null : name.strip(), null, null, isDefault, settings),
                    false)).connection();
        }
        if (bot.isEmpty() || wanted != receiving) {
            TelegramBotApi.Me me = getMe(TelegramProviderType.bot(connection));
            if (wanted && !receiving) {
                startUpdates(connection);
            } else if (!wanted && receiving) {
                stopUpdates(connection);
            }
            bots.remember(accountId, id, me, wanted);
        }
        return get(accountId, id);
    }

    public void disconnect(UUID accountId, UUID id) {
        find(accountId, id);
        service.delete(accountId, id);
    }

    /**
     * Whichever way a bot's connection is deleted (here or through /api/v1/providers), Herald stops being its
     * webhook, so Telegram does not keep posting updates nobody takes.
     */
    @EventListener
    void onDeleting(ProviderConnectionDeleting deleting) {
        ProviderConnection connection = deleting.connection();
        if (!TelegramProviderType.TYPE.equals(connection.type())
                || !bots.find(connection.accountId(), connection.id()).map(TelegramBots.BotInfo::receiveUpdates).orElse(false)) {
            return;
        }
        try {
            api.deleteWebhook(TelegramProviderType.bot(connection));
        } catch (TelegramBotApi.Failure e) {
            // The connection goes anyway; updates Telegram still sends are answered 404 and dropped.
            log.warn("Deleting Telegram app {} (account {}): deleteWebhook failed: {}", connection.id(),
                    connection.accountId(), e.getMessage());
        }
    }

    private void startUpdates(ProviderConnection connection) {
        String url = webhookUrl(connection.id());
        try {
            api.setWebhook(TelegramProviderType.bot(connection), url,
                    connection.setting(TelegramProviderType.WEBHOOK_SECRET), TelegramProviderType.WEBHOOK_UPDATES);
        } catch (TelegramBotApi.Failure e) {
            throw new InvalidRequestException("receiveUpdates", "Telegram did not accept " + url + " as the webhook: "
                    + e.getMessage() + ". Telegram needs a public HTTPS address (port 443, 80, 88 or 8443): set "
                    + "herald.public-base-url to the address at which Telegram reaches this Herald.");
        }
    }

    private void stopUpdates(ProviderConnection connection) {
        try {
            api.deleteWebhook(TelegramProviderType.bot(connection));
        } catch (TelegramBotApi.Failure e) {
            throw new InvalidRequestException("receiveUpdates", "Telegram did not remove the webhook: " + e.getMessage());
        }
    }

    private TelegramBotApi.Me getMe(TelegramBotApi.Bot bot) {
        try {
            return api.getMe(bot);
        } catch (TelegramBotApi.Failure e) {
            if (e.answer() == null) {
                throw new InvalidRequestException("token", "could not be checked: " + e.getMessage()
                        + ". Try again later, or check baseUrl.");
            }
            throw new InvalidRequestException("token", "Telegram refused this bot token (" + e.answer().errorCode()
                    + " " + e.answer().description() + "). Copy it again from @BotFather: /mybots → your bot → "
                    + "API Token.");
        }
    }

    private ProviderConnections.Stored find(UUID accountId, UUID id) {
        return connections.find(accountId, id)
                .filter(stored -> MessengerApp.isApp(stored.connection()))
                .orElseThrow(() -> new NotFoundException("No Telegram app " + id));
    }

    private TelegramApp view(ProviderConnections.Stored stored, long subscribers) {
        UUID id = stored.connection().id();
        TelegramBots.BotInfo bot = bots.find(stored.connection().accountId(), id).orElse(null);
        return new TelegramApp(stored, bot, subscribers,
                bot != null && bot.receiveUpdates() ? webhookUrl(id) : null);
    }

    private String webhookUrl(UUID connectionId) {
        return publicBaseUrl.resolve(TelegramProviderType.webhookPath(connectionId));
    }

    /** Problems of the connection's settings, named as the apps API calls them ({@code token}, {@code baseUrl}). */
    private static ProviderConnections.Stored withApiFieldNames(Supplier<ProviderConnections.Stored> work) {
        try {
            return work.get();
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.problems().stream()
                    .map(p -> new FieldProblem(switch (p.field()) {
                        case "settings." + TelegramProviderType.BOT_TOKEN -> "token";
                        case "settings." + TelegramProviderType.BASE_URL -> "baseUrl";
                        default -> p.field();
                    }, p.message()))
                    .toList());
        }
    }

    /** 32 random bytes in the characters Telegram allows in a secret_token. */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

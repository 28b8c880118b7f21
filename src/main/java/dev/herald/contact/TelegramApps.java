package dev.herald.contact;

import dev.herald.channel.Channel;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.telegram.TelegramBotApi;
import dev.herald.channel.telegram.TelegramBots;
import dev.herald.channel.telegram.TelegramProviderType;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Telegram apps: a bot connected by its BotFather token is a provider connection of type {@code telegram}
 * whose id is the app's {@code app_uuid}. Connecting proves the token with {@code getMe}; receiving updates
 * registers Herald as the bot's webhook with a secret of its own. Disconnecting deletes the connection and,
 * with it, the app's tokens (chat ids mean nothing without the bot); the contacts stay.
 */
@Service
class TelegramApps {

    private static final Logger log = LoggerFactory.getLogger(TelegramApps.class);
    static final int MAX_NAME = 100;

    /** An app with what the API shows of it. */
    record TelegramApp(ProviderConnections.Stored stored, TelegramBots.BotInfo bot, long subscribers, String webhookUrl) {}

    private final ProviderConnections connections;
    private final TelegramProviderType type;
    private final TelegramBots bots;
    private final TelegramBotApi api;
    private final ContactTokens tokens;
    private final PublicBaseUrl publicBaseUrl;
    private final TransactionTemplate tx;
    private final SecureRandom random = new SecureRandom();

    TelegramApps(ProviderConnections connections, TelegramProviderType type, TelegramBots bots, TelegramBotApi api,
                 ContactTokens tokens, PublicBaseUrl publicBaseUrl, TransactionTemplate tx) {
        this.connections = connections;
        this.type = type;
        this.bots = bots;
        this.api = api;
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl;
        this.tx = tx;
    }

    TelegramApp connect(UUID accountId, String name, String token, String baseUrl, boolean receiveUpdates,
                        Boolean isDefault) {
        if (token == null || token.isBlank()) {
            throw new InvalidRequestException("token", "is required: the bot's token from @BotFather");
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw new InvalidRequestException("name", "must be 1 to " + MAX_NAME + " characters");
        }
        UUID id = UUID.randomUUID();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TelegramProviderType.BOT_TOKEN, token.strip());
        if (baseUrl != null && !baseUrl.isBlank()) {
            settings.put(TelegramProviderType.BASE_URL, baseUrl.strip());
        }
        settings.put(TelegramProviderType.WEBHOOK_SECRET, newSecret());
        ProviderConnection draft = new ProviderConnection(id, accountId, name, TelegramProviderType.TYPE,
                Channel.TELEGRAM, Map.copyOf(settings), 1);
        List<FieldProblem> problems = type.validate(draft).stream()
                .map(p -> new FieldProblem(p.field().equals(TelegramProviderType.BOT_TOKEN) ? "token" : p.field(),
                        p.message()))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        TelegramBotApi.Me me = getMe(TelegramProviderType.bot(draft));
        bots.connectionOf(accountId, me.id()).ifPresent(existing -> {
            throw new ConflictException("The bot @" + me.username() + " is connected already, as app " + existing);
        });
        ProviderConnection connection = new ProviderConnection(id, accountId,
                name == null ? "@" + me.username() : name.strip(), draft.type(), draft.channel(), draft.settings(), 1);
        boolean makeDefault = isDefault != null ? isDefault : connections.findDefault(accountId, Channel.TELEGRAM).isEmpty();
        try {
            tx.executeWithoutResult(status -> {
                connections.insert(connection, makeDefault);
                bots.remember(accountId, id, me, false);
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A provider connection named '" + connection.name()
                    + "' exists already; give the app another name");
        }
        if (receiveUpdates) {
            try {
                startUpdates(connection);
                bots.remember(accountId, id, me, true);
            } catch (InvalidRequestException e) {
                connections.delete(accountId, id);
                throw e;
            }
        }
        return get(accountId, id);
    }

    List<TelegramApp> list(UUID accountId) {
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
        ProviderConnections.Stored stored = find(accountId, id);
        ProviderConnection connection = stored.connection();
        Optional<TelegramBots.BotInfo> bot = bots.find(accountId, id);
        boolean receiving = bot.map(TelegramBots.BotInfo::receiveUpdates).orElse(false);
        boolean wanted = receiveUpdates == null ? receiving : receiveUpdates;
        if (connection.setting(TelegramProviderType.WEBHOOK_SECRET) == null && wanted) {
            // A connection made through /api/v1/providers has no webhook secret yet.
            Map<String, String> settings = new LinkedHashMap<>(connection.settings());
            settings.put(TelegramProviderType.WEBHOOK_SECRET, newSecret());
            connection = withSettings(connection, settings);
        }
        if (name != null) {
            connection = new ProviderConnection(connection.id(), accountId, name.strip(), connection.type(),
                    connection.channel(), connection.settings(), connection.version());
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
        ProviderConnection changed = connection;
        boolean makeDefault = isDefault != null ? isDefault : stored.isDefault();
        try {
            tx.executeWithoutResult(status -> connections.update(changed, makeDefault));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A provider connection named '" + changed.name()
                    + "' exists already; choose another name");
        }
        return get(accountId, id);
    }

    void disconnect(UUID accountId, UUID id) {
        ProviderConnection connection = find(accountId, id).connection();
        if (bots.find(accountId, id).map(TelegramBots.BotInfo::receiveUpdates).orElse(false)) {
            try {
                api.deleteWebhook(TelegramProviderType.bot(connection));
            } catch (TelegramBotApi.Failure e) {
                // The connection goes anyway; updates Telegram still sends are answered 404 and dropped.
                log.warn("Disconnecting Telegram app {} (account {}): deleteWebhook failed: {}", id, accountId,
                        e.getMessage());
            }
        }
        connections.delete(accountId, id);
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

    private static ProviderConnection withSettings(ProviderConnection c, Map<String, String> settings) {
        return new ProviderConnection(c.id(), c.accountId(), c.name(), c.type(), c.channel(), Map.copyOf(settings),
                c.version());
    }

    /** 32 random bytes in the characters Telegram allows in a secret_token. */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

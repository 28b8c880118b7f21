package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import dev.herald.web.PayloadTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Messenger apps (Telegram bots) and their contacts' tokens, as in the reference's Telegram integration:
 * connect a bot, get its {@code app_uuid}, then add tokens with {@code POST /api/v1/apps/{app_uuid}/tokens}.
 */
@RestController
@RequestMapping("/api/v1/apps")
@Tag(name = "Apps", description = "Telegram bots and their subscribers' tokens (see docs/contacts.md). API group: "
        + "full; adding, listing and deleting tokens: contacts-update / contacts-read.")
class AppController {

    private final TelegramApps apps;
    private final TokenImport tokenImport;
    private final ContactTokens tokens;

    AppController(TelegramApps apps, TokenImport tokenImport, ContactTokens tokens) {
        this.apps = apps;
        this.tokenImport = tokenImport;
        this.tokens = tokens;
    }

    /**
     * @param token          the bot's token from @BotFather
     * @param baseUrl        the Bot API's address, for a local Bot API server; default https://api.telegram.org
     * @param receiveUpdates register Herald as the bot's webhook, so /start makes tokens by itself
     */
    record ConnectRequest(String name, String token, String baseUrl, Boolean receiveUpdates,
                          @JsonProperty("default") Boolean isDefault) {}

    record UpdateRequest(String name, Boolean receiveUpdates, @JsonProperty("default") Boolean isDefault) {}

    /** An app; {@code app_uuid} is what the tokens URL and {@code channels.telegram.provider} take. */
    record AppView(@JsonProperty("app_uuid") UUID appUuid, String name, String type, Long botId, String botUsername,
                   long subscribers, boolean receiveUpdates, String webhookUrl,
                   @JsonProperty("default") boolean isDefault, Instant createdAt) {

        static AppView of(TelegramApps.TelegramApp app) {
            var bot = app.bot();
            return new AppView(app.stored().connection().id(), app.stored().connection().name(),
                    app.stored().connection().type(), bot == null ? null : bot.botId(),
                    bot == null ? null : bot.username(), app.subscribers(), bot != null && bot.receiveUpdates(),
                    app.webhookUrl(), app.stored().isDefault(), app.stored().createdAt());
        }
    }

    record TokenView(String token, long contactId, String source, Instant createdAt) {}

    @PostMapping("/telegram")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a Telegram bot",
            description = "Checks the BotFather token with getMe (400 naming token when Telegram refuses it), stores it "
                    + "encrypted and returns the app with its app_uuid. Connecting an existing bot is the same call. "
                    + "With receiveUpdates Herald becomes the bot's webhook and stores /start senders as tokens.")
    AppView connect(AccountId account, @RequestBody ConnectRequest request) {
        return AppView.of(apps.connect(account.value(), request.name(), request.token(), request.baseUrl(),
                Boolean.TRUE.equals(request.receiveUpdates()), request.isDefault()));
    }

    @GetMapping
    @Operation(summary = "List the account's apps", description = "With each app's subscriber count.")
    Listing<AppView> list(AccountId account) {
        List<AppView> views = apps.list(account.value()).stream().map(AppView::of).toList();
        return new Listing<>(views.size(), views);
    }

    @GetMapping("/{appUuid}")
    @Operation(summary = "One app")
    AppView get(AccountId account, @PathVariable UUID appUuid) {
        return AppView.of(apps.get(account.value(), appUuid));
    }

    @PatchMapping("/{appUuid}")
    @Operation(summary = "Rename an app, make it the default Telegram provider, start or stop its updates")
    AppView update(AccountId account, @PathVariable UUID appUuid, @RequestBody UpdateRequest request) {
        return AppView.of(apps.update(account.value(), appUuid, request.name(), request.receiveUpdates(),
                request.isDefault()));
    }

    @DeleteMapping("/{appUuid}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disconnect an app",
            description = "Removes Herald's webhook from the bot, deletes the app and all its tokens. Contacts stay.")
    void disconnect(AccountId account, @PathVariable UUID appUuid) {
        apps.disconnect(account.value(), appUuid);
    }

    @PostMapping("/{appUuid}/tokens")
    @Operation(summary = "Add application tokens",
            description = "Body {\"tokens\": [{\"token\", \"contactId\", \"externalCustomerId\", \"phone\", \"email\"}]}, "
                    + "at most " + TokenImport.MAX_ENTRIES + " entries, each with the token and at least one identifier. "
                    + "The contact is looked up by contactId → externalCustomerId → phone → email; none found: a new "
                    + "contact with all the identifiers. Identifiers of a found contact are not changed; tokens are "
                    + "only added. Answers 200 with one result per entry: CREATED (new contact), ADDED, "
                    + "ALREADY_PRESENT or REJECTED with the reason.")
    TokenImport.Report addTokens(AccountId account, @PathVariable UUID appUuid, @RequestBody JsonNode body) {
        JsonNode entries = body == null ? null : body.get("tokens");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new InvalidRequestException("tokens", "must be an array of {\"token\", \"contactId\", "
                    + "\"externalCustomerId\", \"phone\", \"email\"} objects");
        }
        if (entries.size() > TokenImport.MAX_ENTRIES) {
            throw new PayloadTooLargeException("At most " + TokenImport.MAX_ENTRIES + " tokens per request; this one has "
                    + entries.size() + ". Split it into several requests.");
        }
        MessengerApp app = apps.app(account.value(), appUuid);
        List<JsonNode> list = new ArrayList<>(entries.size());
        entries.forEach(list::add);
        return tokenImport.add(account.value(), app, list);
    }

    @GetMapping("/{appUuid}/tokens")
    @Operation(summary = "List an app's live tokens", description = "Newest first; removed (blocked) tokens are not listed.")
    Listing<TokenView> listTokens(AccountId account, @PathVariable UUID appUuid,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer limit) {
        MessengerApp app = apps.app(account.value(), appUuid);
        Paging paging = Paging.of(page, limit);
        List<TokenView> items = tokens.ofApp(account.value(), app.id(), paging.limit(), paging.offset()).stream()
                .map(t -> new TokenView(t.token(), t.contactId(), t.source().name(), t.createdAt()))
                .toList();
        return new Listing<>(tokens.countOfApp(account.value(), app.id()), items);
    }

    @DeleteMapping("/{appUuid}/tokens/{token}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a token from its contact", description = "E.g. to add it to another contact afterwards.")
    void deleteToken(AccountId account, @PathVariable UUID appUuid, @PathVariable String token) {
        MessengerApp app = apps.app(account.value(), appUuid);
        if (!tokens.delete(account.value(), app.id(), token)) {
            throw new NotFoundException("App " + appUuid + " has no token " + token);
        }
    }
}

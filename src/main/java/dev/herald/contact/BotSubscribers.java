package dev.herald.contact;

import dev.herald.channel.ConnectionKey;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.RecipientBlockedEvent;
import dev.herald.channel.SubscriptionChanged;
import dev.herald.support.Excerpt;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps apps' tokens in step with what their users do. A user who starts the bot becomes a token: on the
 * contact whose externalCustomerId is the deep-link payload ({@code /start <payload>}; a new contact with
 * that externalCustomerId when none has it), else on the contact the token had before, else on a new
 * contact. A user who blocks the bot, or a send that Telegram refuses because of it, removes the token.
 */
@Component
class BotSubscribers {

    private static final Logger log = LoggerFactory.getLogger(BotSubscribers.class);

    private final Contacts contacts;
    private final ContactTokens tokens;

    BotSubscribers(Contacts contacts, ContactTokens tokens) {
        this.contacts = contacts;
        this.tokens = tokens;
    }

    @EventListener
    @Transactional
    public void on(SubscriptionChanged event) {
        if (event.change() == SubscriptionChanged.Change.UNSUBSCRIBED) {
            tokens.remove(event.accountId(), event.connectionId(), event.address(), "The user blocked the bot");
            return;
        }
        UUID accountId = event.accountId();
        Optional<ContactTokens.Token> existing = tokens.lock(accountId, event.connectionId(), event.address());
        Contact contact;
        if (event.reference() != null) {
            // The deep link is the business's own proof of who this chat is, so it decides the contact.
            ContactIdentifiers byReference = new ContactIdentifiers(null, event.reference(), null, null);
            contact = contacts.lookup(accountId, byReference).orElseGet(() -> contacts.insert(accountId,
                    new Contacts.ContactData(event.reference(), null, null, event.firstName(), event.lastName())));
        } else if (existing.isPresent()) {
            contact = contacts.find(accountId, existing.get().contactId()).orElseThrow();
        } else {
            contact = contacts.insert(accountId,
                    new Contacts.ContactData(null, null, null, event.firstName(), event.lastName()));
        }
        if (existing.isEmpty()) {
            tokens.insert(accountId, event.connectionId(), contact.id(), event.address(), ContactTokens.Source.BOT);
        } else if (!existing.get().live() || existing.get().contactId() != contact.id()) {
            if (existing.get().contactId() != contact.id()) {
                log.info("Telegram app {}: chat {} opened the bot with payload '{}', moving it from contact {} to {}",
                        event.connectionId(), event.address(), Excerpt.of(event.reference()), existing.get().contactId(),
                        contact.id());
            }
            tokens.revive(accountId, existing.get().id(), contact.id());
        }
    }

    /**
     * Runs inside the transaction that fails the message, so the message and its token change together.
     * Only the token the message went to goes, and only in the app that refused it.
     */
    @EventListener
    public void on(RecipientBlockedEvent event) {
        Optional<UUID> app = connectionOf(event.provider());
        if (app.isEmpty()) {
            return;
        }
        UUID appId = app.get();
        if (tokens.remove(event.accountId(), appId, event.address(), "Blocked: " + event.reason())) {
            log.info("Removed token {} of app {} (account {}): {}", event.address(), appId, event.accountId(),
                    event.reason());
        }
    }

    /** The connection behind a provider name ({@link ProviderConnection#key()}); empty for built-in providers. */
    static Optional<UUID> connectionOf(String provider) {
        return ConnectionKey.parse(provider).map(ConnectionKey::connectionId);
    }
}

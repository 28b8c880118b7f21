package dev.herald.policy;

import dev.herald.channel.ConnectionKey;
import dev.herald.channel.RecipientBlockedEvent;
import dev.herald.channel.SubscriptionChanged;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts what the channels report about a recipient leaving into the contact's activity: a blocked Telegram bot
 * (on a send, or the bot's webhook), a Viber unsubscribe, an FCM token that is {@code UNREGISTERED}. The tokens
 * themselves are removed by the contacts ({@code contact.BotSubscribers}); this only records it, one statement after
 * the change committed, so that a failure here can never undo the message's status or the token's removal.
 */
@Component
class OptOutActivity {

    private static final Logger log = LoggerFactory.getLogger(OptOutActivity.class);

    private final JdbcClient jdbc;
    /** After a commit the finished transaction's connection is still bound: the insert needs its own. */
    private final TransactionTemplate own;

    OptOutActivity(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void on(RecipientBlockedEvent event) {
        UUID app = ConnectionKey.parse(event.provider()).map(ConnectionKey::connectionId).orElse(null);
        record(event.accountId(), app, event.channel().key(), event.address(), event.reason());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void on(SubscriptionChanged event) {
        if (event.change() == SubscriptionChanged.Change.UNSUBSCRIBED) {
            record(event.accountId(), event.connectionId(), event.channel().key(), event.address(),
                    "The user blocked the bot");
        }
    }

    /**
     * The contact is the token's in that app, or the one holding the address as a messenger or push channel, or
     * (for a built-in provider) the one whose phone or e-mail it is.
     */
    private void record(UUID accountId, UUID app, String channel, String address, String reason) {
        try {
            own.executeWithoutResult(status -> insert(accountId, app, channel, address, reason));
        } catch (RuntimeException e) {
            log.warn("Account {}: a blocked {} recipient could not be put in its contact's activity: {}", accountId,
                    channel, e.toString());
        }
    }

    private void insert(UUID accountId, UUID app, String channel, String address, String reason) {
        jdbc.sql("""
                        INSERT INTO contact_activity (account_id, contact_id, kind, channel, detail)
                        SELECT :account, c.contact_id, 'blocked', :channel, :reason FROM (
                            SELECT t.contact_id FROM contact_token t
                            WHERE t.account_id = :account AND t.app_id = :app AND t.token = :address
                            UNION
                            SELECT ch.contact_id FROM contact_channel ch
                            WHERE ch.account_id = :account AND ch.type IN ('mobilepush', 'webpush', 'viber', 'telegram')
                              AND ch.value = :address
                            UNION
                            SELECT x.id FROM contact x
                            WHERE :app::uuid IS NULL AND x.account_id = :account
                              AND (x.phone = :address OR x.email = lower(:address))) c""")
                .param("account", accountId)
                .param("app", app)
                .param("channel", channel)
                .param("address", address)
                .param("reason", reason == null ? null : reason.length() > 500 ? reason.substring(0, 500) : reason)
                .update();
    }
}

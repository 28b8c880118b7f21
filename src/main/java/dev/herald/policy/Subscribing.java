package dev.herald.policy;

import dev.herald.auth.AccountId;
import dev.herald.contact.Contacts;
import dev.herald.group.GroupJoins;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.support.Sha256;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * eSputnik's {@code contact/subscribe}: the contact is found or made and subscribed to the categories; when the
 * account asks for double opt-in and the contact has an e-mail, it is subscribed only once the link of a
 * confirmation e-mail (sent through Herald's own e-mail channel) is clicked. Until then a new contact gets no
 * message but that confirmation.
 */
@Service
class Subscribing {

    private static final Logger log = LoggerFactory.getLogger(Subscribing.class);
    static final Duration CONFIRMATION_VALIDITY = Duration.ofDays(7);

    private final Contacts contacts;
    private final OptOuts optOuts;
    private final ContactActivity activity;
    private final PolicySettingsStore settings;
    private final SignedLinks links;
    private final MessageIntake intake;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectProvider<GroupJoins> joins;

    Subscribing(Contacts contacts, OptOuts optOuts, ContactActivity activity, PolicySettingsStore settings,
                SignedLinks links, MessageIntake intake, JdbcClient jdbc, TransactionTemplate tx, Clock clock,
                ObjectProvider<GroupJoins> joins) {
        this.contacts = contacts;
        this.optOuts = optOuts;
        this.activity = activity;
        this.settings = settings;
        this.links = links;
        this.intake = intake;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.joins = joins;
    }

    /** What a subscribe did: the contact, and whether it waits for its confirmation. */
    record Subscribed(long contactId, boolean confirmationSent) {}

    /**
     * @param categories the categories to subscribe to; null for all
     * @param groups     static groups (by name) to add the contact to; unknown names are ignored
     */
    Subscribed subscribe(AccountId account, String phone, String email, String firstName, String lastName,
                         List<String> categories, List<String> groups) {
        UUID accountId = account.value();
        boolean confirm = email != null && settings.get(accountId).doubleOptIn();
        UUID confirmation = UUID.randomUUID();
        Subscribed subscribed = tx.execute(status -> {
            Contacts.Upserted found = contacts.findOrCreate(accountId, phone, email, firstName, lastName);
            long id = found.contact().id();
            joinGroups(accountId, id, groups);
            if (!confirm) {
                optOuts.resubscribe(accountId, id, categories);
                activity.record(accountId, id, ContactActivity.SUBSCRIBED, null, categoriesText(categories), null, "api");
                return new Subscribed(id, false);
            }
            if (found.created()) {
                optOuts.awaitConfirmation(accountId, id);
            }
            jdbc.sql("""
                            INSERT INTO subscription_confirmation (token_hash, account_id, contact_id, email, categories, expires_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(Sha256.hex(confirmation.toString()), accountId, id, email,
                            categories == null ? null : categories.toArray(String[]::new),
                            Timestamp.from(clock.instant().plus(CONFIRMATION_VALIDITY)))
                    .update();
            activity.record(accountId, id, ContactActivity.CONFIRMATION_SENT, "email", categoriesText(categories), null,
                    email);
            return new Subscribed(id, true);
        });
        if (subscribed.confirmationSent()) {
            sendConfirmation(account, email, confirmation);
        }
        return subscribed;
    }

    /** The confirmation e-mail: critical, so neither quiet hours nor a cap hold it, and transactional. */
    private void sendConfirmation(AccountId account, String email, UUID confirmation) {
        String url = links.confirmUrl(confirmation);
        ChannelOptions options = ChannelOptions.email("Please confirm your subscription",
                "Please confirm your subscription by opening this link:\n" + url
                        + "\n\nIf you did not ask for it, ignore this e-mail.",
                "<p>Please confirm your subscription:</p><p><a href=\"" + url + "\">Confirm</a></p>"
                        + "<p>If you did not ask for it, ignore this e-mail.</p>");
        MessageGroupRequest group = new MessageGroupRequest(Map.of("email", options), null,
                List.of(new DestinationRequest(null, email, null, null, null, null)), null, null, null, null, null,
                false, null, null, null, true);
        intake.accept(account, new SendMessagesRequest(null, null, List.of(group)), null);
        log.info("Account {}: double opt-in confirmation sent", account.value());
    }

    /** A confirmation waiting for its click; {@code categories} null for all. */
    private record Pending(UUID accountId, long contactId, List<String> categories) {}

    /** A click on a confirmation link: empty when the link is unknown, used or expired. */
    Optional<Long> confirm(UUID confirmation) {
        return tx.execute(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            Optional<Pending> pending = jdbc.sql("""
                            UPDATE subscription_confirmation SET confirmed_at = ?
                            WHERE token_hash = ? AND confirmed_at IS NULL AND expires_at > ?
                            RETURNING account_id, contact_id, categories""")
                    .params(now, Sha256.hex(confirmation.toString()), now)
                    .query((rs, i) -> {
                        Array array = rs.getArray("categories");
                        return new Pending(rs.getObject("account_id", UUID.class), rs.getLong("contact_id"),
                                array == null ? null : List.of((String[]) array.getArray()));
                    })
                    .optional();
            if (pending.isEmpty()) {
                return Optional.<Long>empty();
            }
            Pending p = pending.get();
            optOuts.confirmed(p.accountId(), p.contactId());
            optOuts.resubscribe(p.accountId(), p.contactId(), p.categories());
            activity.record(p.accountId(), p.contactId(), ContactActivity.CONFIRMED, "email",
                    categoriesText(p.categories()), null, "double opt-in");
            return Optional.of(p.contactId());
        });
    }

    private void joinGroups(UUID accountId, long contactId, List<String> groups) {
        if (groups == null || groups.isEmpty()) {
            return;
        }
        List<GroupJoins.Joined> joined = jdbc.sql("""
                        INSERT INTO contact_group_member (account_id, group_id, contact_id)
                        SELECT g.account_id, g.id, ? FROM contact_group g
                        WHERE g.account_id = ? AND g.kind = 'static' AND g.name = ANY(?)
                        ON CONFLICT DO NOTHING RETURNING group_id, contact_id""")
                .params(contactId, accountId, groups.toArray(String[]::new))
                .query((rs, i) -> new GroupJoins.Joined(rs.getLong(1), rs.getLong(2))).list();
        if (!joined.isEmpty()) {
            joins.orderedStream().forEach(listener -> listener.joined(accountId, joined));
        }
    }

    private static String categoriesText(List<String> categories) {
        return categories == null ? "*" : String.join(",", categories);
    }
}

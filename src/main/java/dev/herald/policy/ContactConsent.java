package dev.herald.policy;

import dev.herald.web.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A contact's consent as the console's contact card shows and changes it: which of the account's categories it
 * gets, its opt-outs (category and channel, source, time), its consent activity (unsubscribes, Telegram blocks,
 * FCM {@code UNREGISTERED}), and a person opting it out of or back into one category.
 */
@Service
public class ContactConsent {

    /** How many activity entries the card shows. */
    static final int ACTIVITY = 50;
    /** The source an opt-out made in the console is recorded with. */
    static final String CONSOLE = "console";

    /** One category of the account and whether the contact gets it on every channel. */
    public record Category(String key, String name, boolean subscribed) {}

    /** One opt-out; {@code '*'} stands for every category or every channel. */
    public record OptOut(String category, String channel, String source, Instant at) {}

    /** One entry of the consent activity. */
    public record Event(String kind, String channel, String category, UUID messageId, String detail, Instant at) {}

    public record Consent(List<Category> categories, List<OptOut> optOuts, List<Event> activity) {}

    private final OptOuts optOuts;
    private final SubscriptionCategories categories;
    private final ContactActivity activity;
    private final TransactionTemplate tx;

    ContactConsent(OptOuts optOuts, SubscriptionCategories categories, ContactActivity activity,
                   TransactionTemplate tx) {
        this.optOuts = optOuts;
        this.categories = categories;
        this.activity = activity;
        this.tx = tx;
    }

    /** Empty when the account has no such (live) contact. */
    public Optional<Consent> of(UUID accountId, long contactId) {
        if (!optOuts.contactExists(accountId, contactId)) {
            return Optional.empty();
        }
        List<SubscriptionCategories.Category> all = categories.list(accountId);
        Set<String> subscribed = Set.copyOf(optOuts.subscribed(accountId, contactId,
                all.stream().map(SubscriptionCategories.Category::key).toList()));
        return Optional.of(new Consent(
                all.stream().map(c -> new Category(c.key(), c.name(), subscribed.contains(c.key()))).toList(),
                optOuts.of(accountId, contactId).stream()
                        .map(r -> new OptOut(r.category(), r.channel(), r.source(), r.at())).toList(),
                activity.list(accountId, contactId, ACTIVITY).stream()
                        .map(e -> new Event(e.kind(), e.channel(), e.category(), e.messageId(), e.detail(), e.at()))
                        .toList()));
    }

    /**
     * Opts the contact out of ({@code subscribed} false) or back into one category on every channel, recorded in
     * its activity with the person who did it. Opt-outs of single channels, or of everything, stay.
     *
     * @throws InvalidRequestException (field {@code category}) when the account has no such category
     */
    public void set(UUID accountId, long contactId, String category, boolean subscribed, String who) {
        if (!SubscriptionCategories.isKey(category) || !categories.contains(accountId, category)) {
            throw new InvalidRequestException("category", "no subscription category '" + category + "' in this account");
        }
        tx.executeWithoutResult(status -> {
            String detail = CONSOLE + (who == null ? "" : ":" + who);
            if (subscribed) {
                if (optOuts.lift(accountId, contactId, category)) {
                    activity.record(accountId, contactId, ContactActivity.SUBSCRIBED, null, category, null, detail);
                }
            } else if (optOuts.optOut(accountId, contactId, category, OptOuts.ANY, detail)) {
                activity.record(accountId, contactId, ContactActivity.UNSUBSCRIBED, null, category, null, detail);
            }
        });
    }
}

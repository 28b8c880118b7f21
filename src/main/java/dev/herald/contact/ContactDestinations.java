package dev.herald.contact;

import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sending to contacts: a destination of {@code POST /api/v1/messages} that names a contact ({@code contactId},
 * {@code externalCustomerId}) or lacks an address a channel needs is completed from the account's contacts.
 * The contact is found as the tokens endpoint finds it (contactId → externalCustomerId → phone → email); its
 * phone and e-mail serve the channels that take them, and a messenger channel goes to every live token the
 * contact holds in the app the channel is routed to.
 */
@Component
public class ContactDestinations {

    private final Contacts contacts;
    private final ContactTokens tokens;

    ContactDestinations(Contacts contacts, ContactTokens tokens) {
        this.contacts = contacts;
        this.tokens = tokens;
    }

    /** The destination's contact, looked up when first needed. Phone and e-mail may be raw. */
    public Destination of(UUID accountId, Long contactId, String externalCustomerId, String phone, String email) {
        ContactIdentifiers ids = new ContactIdentifiers(contactId, ContactIdentifiers.blankToNull(externalCustomerId),
                phone == null ? null : ContactIdentifiers.normalizePhone(phone),
                email == null ? null : ContactIdentifiers.normalizeEmail(email));
        return new Destination(accountId, ids);
    }

    /**
     * Looks up the contacts of many destinations at once: one statement for their contacts and, when
     * {@code withTokens} (the group has a messenger channel), one for the contacts' live tokens, instead of a
     * statement or two per destination. Pass only destinations whose contact is needed (a channel lacks its own
     * address), so that what each destination records stays as when it is looked up on its own.
     */
    public void lookUpAll(List<Destination> destinations, boolean withTokens) {
        Map<UUID, List<Destination>> byAccount = new LinkedHashMap<>();
        destinations.stream().filter(d -> d.contact == null && !d.ids.isEmpty())
                .forEach(d -> byAccount.computeIfAbsent(d.accountId, a -> new ArrayList<>()).add(d));
        byAccount.forEach((account, some) -> {
            Map<Integer, Contact> found = contacts.findAll(account, some.stream().map(d -> d.ids).toList());
            for (int i = 0; i < some.size(); i++) {
                some.get(i).contact = Optional.ofNullable(found.get(i));
            }
            if (withTokens) {
                Map<Long, Map<UUID, List<String>>> live = new HashMap<>();
                tokens.liveOf(account, found.values().stream().map(Contact::id).distinct().toList())
                        .forEach(t -> live.computeIfAbsent(t.contactId(), c -> new HashMap<>())
                                .computeIfAbsent(t.appId(), a -> new ArrayList<>()).add(t.token()));
                some.forEach(d -> d.contact.ifPresent(c -> d.tokensByApp = live.getOrDefault(c.id(), Map.of())));
            }
        });
    }

    /**
     * A contact's addresses on one channel and the field they came from (its phone, e-mail or tokens).
     *
     * @param source null when there are none
     */
    public record Addresses(AddressSource source, List<String> values) {

        static final Addresses NONE = new Addresses(null, List.of());
    }

    /** One destination's contact and, after {@link #addresses}, why a channel found no address in it. */
    public final class Destination {

        private final UUID accountId;
        private final ContactIdentifiers ids;
        private final Map<String, String> skipped = new LinkedHashMap<>();
        private Optional<Contact> contact;
        /** The contact's live tokens per app, when {@link #lookUpAll} read them; null: read when needed. */
        private Map<UUID, List<String>> tokensByApp;

        private Destination(UUID accountId, ContactIdentifiers ids) {
            this.accountId = accountId;
            this.ids = ids;
        }

        /**
         * The contact's addresses on {@code channel} when it goes through {@code provider} (a recorded
         * provider name such as {@code conn:<uuid>}): its phone or e-mail, or its live tokens in that app, in
         * the order the channel prefers them, with the field they came from. Empty, with the reason kept for
         * {@link #describe}, when none.
         */
        public Addresses addresses(Channel channel, String provider) {
            Optional<Contact> found = contact();
            if (found.isEmpty()) {
                if (!ids.isEmpty()) {
                    skipped.put(channel.key(), notFound());
                }
                return Addresses.NONE;
            }
            Contact c = found.get();
            List<String> reasons = new ArrayList<>();
            for (Channel.AddressField field : channel.addressFields()) {
                List<String> addresses = switch (field) {
                    case PHONE -> c.phone() == null ? List.of() : List.of(c.phone());
                    case EMAIL -> c.email() == null ? List.of() : List.of(c.email());
                    case MESSENGER_USER_ID -> BotSubscribers.connectionOf(provider)
                            .map(app -> tokensByApp != null ? tokensByApp.getOrDefault(app, List.of())
                                    : tokens.live(accountId, app, c.id()))
                            .orElse(List.of());
                };
                if (!addresses.isEmpty()) {
                    return new Addresses(AddressSource.contacts(field), addresses);
                }
                reasons.add(switch (field) {
                    case PHONE -> "no phone";
                    case EMAIL -> "no e-mail";
                    case MESSENGER_USER_ID -> BotSubscribers.connectionOf(provider).isPresent()
                            ? "no live token of app " + BotSubscribers.connectionOf(provider).get()
                            : "no token: " + channel.key() + " goes through " + provider + ", not an app of the account";
                });
            }
            skipped.put(channel.key(), "contact " + c.id() + " has " + String.join(" and ", reasons));
            return Addresses.NONE;
        }

        /**
         * What the flow records of the contact: {@code contactId} when one was used, and per channel why it
         * was skipped; null when the contact played no part.
         */
        public Map<String, Object> describe() {
            if (contact == null || (contact.isEmpty() && skipped.isEmpty())) {
                return null;
            }
            Map<String, Object> described = new LinkedHashMap<>();
            contact.ifPresent(c -> described.put("contactId", c.id()));
            if (!skipped.isEmpty()) {
                described.put("skipped", Map.copyOf(skipped));
            }
            return described;
        }

        private Optional<Contact> contact() {
            if (contact == null) {
                if (ids.contactId() != null) {
                    // An unknown contactId finds nothing, as in the tokens endpoint; it is not a miss to fall past.
                    contact = contacts.find(accountId, ids.contactId());
                } else {
                    contact = contacts.lookup(accountId, ids);
                }
            }
            return contact;
        }

        private String notFound() {
            if (ids.contactId() != null) {
                return "no contact with contactId " + ids.contactId();
            }
            List<String> tried = new ArrayList<>();
            if (ids.externalCustomerId() != null) {
                tried.add("externalCustomerId " + ids.externalCustomerId());
            }
            if (ids.phone() != null) {
                tried.add("phone " + ids.phone());
            }
            if (ids.email() != null) {
                tried.add("email " + ids.email());
            }
            return "no contact with " + String.join(" or ", tried);
        }
    }
}

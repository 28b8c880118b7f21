package dev.herald.channel;

import java.util.Locale;
import java.util.Optional;

/**
 * Which destination field gave a message its address: the destination's own {@code phone}, {@code email} or
 * {@code messengerUserId}, or (when the destination named a contact by {@code contactId} or
 * {@code externalCustomerId}) that contact's phone, e-mail or messenger token. Adapters whose service takes
 * different kinds of address in different fields (a VK notification goes to a phone or to a user id, both
 * digits) read it here instead of guessing from the address.
 *
 * @param field       the kind of address
 * @param fromContact whether the destination's contact gave it rather than the destination itself
 */
public record AddressSource(Channel.AddressField field, boolean fromContact) {

    private static final String CONTACT = "CONTACT_";

    public AddressSource {
        if (field == null) {
            throw new IllegalArgumentException("An address source needs its field");
        }
    }

    public static AddressSource own(Channel.AddressField field) {
        return new AddressSource(field, false);
    }

    public static AddressSource contacts(Channel.AddressField field) {
        return new AddressSource(field, true);
    }

    /** The request field the address came from: {@code phone}, {@code email}, {@code messengerUserId} or {@code contact}. */
    public String requestField() {
        if (fromContact) {
            return "contact";
        }
        return switch (field) {
            case PHONE -> "phone";
            case EMAIL -> "email";
            case MESSENGER_USER_ID -> "messengerUserId";
        };
    }

    /** As stored with a message ({@code PHONE}, {@code CONTACT_PHONE}, ...); {@link #parse} reads it back. */
    public String code() {
        return (fromContact ? CONTACT : "") + field.name();
    }

    /** Reads {@link #code()}; empty for null (messages stored before sources were) or anything else. */
    public static Optional<AddressSource> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String value = code.strip().toUpperCase(Locale.ROOT);
        boolean contact = value.startsWith(CONTACT);
        String field = contact ? value.substring(CONTACT.length()) : value;
        for (Channel.AddressField candidate : Channel.AddressField.values()) {
            if (candidate.name().equals(field)) {
                return Optional.of(new AddressSource(candidate, contact));
            }
        }
        return Optional.empty();
    }
}

package dev.herald.task;

import dev.herald.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a task's file: the addresses its channels use (phone, email, messengerUserId), the optional
 * contact identifiers, then one column per template variable. Names are those of a destination in
 * {@code POST /api/v1/messages}.
 */
record TaskColumns(List<String> addresses, List<String> variables) {

    static final String PHONE = "phone";
    static final String EMAIL = "email";
    static final String MESSENGER_USER_ID = "messengerUserId";
    static final String CONTACT_ID = "contactId";
    static final String EXTERNAL_CUSTOMER_ID = "externalCustomerId";
    static final List<String> IDENTIFIERS = List.of(CONTACT_ID, EXTERNAL_CUSTOMER_ID);

    TaskColumns {
        addresses = List.copyOf(addresses);
        variables = List.copyOf(variables);
    }

    static TaskColumns of(Collection<Channel> channels, List<String> variables) {
        Set<String> addresses = new LinkedHashSet<>();
        // A fixed order, so that templates of the same channels always look the same.
        for (Channel.AddressField field : Channel.AddressField.values()) {
            if (channels.stream().anyMatch(c -> c.addressFields().contains(field))) {
                addresses.add(column(field));
            }
        }
        return new TaskColumns(new ArrayList<>(addresses), variables);
    }

    static String column(Channel.AddressField field) {
        return switch (field) {
            case PHONE -> PHONE;
            case EMAIL -> EMAIL;
            case MESSENGER_USER_ID -> MESSENGER_USER_ID;
        };
    }

    /** Every column in file order. */
    List<String> all() {
        List<String> all = new ArrayList<>(addresses);
        all.addAll(IDENTIFIERS);
        all.addAll(variables);
        return all;
    }
}

package dev.herald.task;

import dev.herald.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a task's file: the chat session of a task into chat sessions, the addresses its channels use
 * (phone, email, messengerUserId), the optional contact identifiers, then one column per template variable.
 * Names are those of a destination in {@code POST /api/v1/messages}, and {@code chatSessionId} as in its chat
 * channel.
 *
 * @param chatSessions whether each row names its chat session (the task sends into chat sessions)
 */
record TaskColumns(boolean chatSessions, List<String> addresses, List<String> variables) {

    static final String PHONE = "phone";
    static final String EMAIL = "email";
    static final String MESSENGER_USER_ID = "messengerUserId";
    static final String CONTACT_ID = "contactId";
    static final String EXTERNAL_CUSTOMER_ID = "externalCustomerId";
    static final String CHAT_SESSION_ID = "chatSessionId";
    static final List<String> IDENTIFIERS = List.of(CONTACT_ID, EXTERNAL_CUSTOMER_ID);

    TaskColumns {
        addresses = List.copyOf(addresses);
        variables = List.copyOf(variables);
    }

    static TaskColumns of(Collection<Channel> channels, List<String> variables, boolean chatSessions) {
        Set<String> addresses = new LinkedHashSet<>();
        // Into chat sessions, the session is the chat channel's address; other channels of the cascade need theirs.
        List<Channel> addressed = channels.stream().filter(c -> !(chatSessions && c == Channel.CHAT)).toList();
        // A fixed order, so that templates of the same channels always look the same.
        for (Channel.AddressField field : Channel.AddressField.values()) {
            if (addressed.stream().anyMatch(c -> c.addressFields().contains(field))) {
                addresses.add(column(field));
            }
        }
        return new TaskColumns(chatSessions, new ArrayList<>(addresses), variables);
    }

    static String column(Channel.AddressField field) {
        return switch (field) {
            case PHONE -> PHONE;
            case EMAIL -> EMAIL;
            case MESSENGER_USER_ID -> MESSENGER_USER_ID;
        };
    }

    /** The columns of which a row needs one to be sent somewhere: the session, an address or an identifier. */
    List<String> reaching() {
        List<String> reaching = new ArrayList<>();
        if (chatSessions) {
            reaching.add(CHAT_SESSION_ID);
        }
        reaching.addAll(addresses);
        reaching.addAll(IDENTIFIERS);
        return reaching;
    }

    /** Every column in file order. */
    List<String> all() {
        List<String> all = reaching();
        all.addAll(variables);
        return all;
    }
}

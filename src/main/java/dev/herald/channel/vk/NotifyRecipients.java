package dev.herald.channel.vk;

import dev.herald.channel.OutboundMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells whether a message's address is the destination's phone number or its VK / OK user id. Both are
 * digits, so the address alone cannot say; the destination the message was planned from can. Herald takes
 * the phone first for these channels, so the address is the phone whenever the destination has one.
 */
@Component
class NotifyRecipients {

    /** The request field the service reads the address from. */
    enum Field {
        PHONE("phone"), USER_ID("userId");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    private final JdbcClient jdbc;

    NotifyRecipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Field of(OutboundMessage message) {
        boolean phone = jdbc.sql("""
                        SELECT f.destination ->> 'phone' FROM message m JOIN flow f ON f.id = m.flow_id
                        WHERE m.id = ? AND m.account_id = ?""")
                .params(message.messageId(), message.accountId())
                .query(String.class)
                .list()
                .contains(message.address());
        return phone ? Field.PHONE : Field.USER_ID;
    }
}

package dev.herald.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts in eSputnik's shape for group listings ({@code id}, names, {@code channels}, ...), a page at a time:
 * two statements per page, whatever its size.
 */
@Component
public class ContactCards {

    /** One eSputnik channel of a contact. */
    public record ChannelView(String type, String value) {}

    /** A contact as eSputnik's group contacts answer it. */
    public record ContactView(long id, String firstName, String lastName, List<ChannelView> channels,
                       String externalCustomerId, String languageCode, String timeZone) {}

    private final JdbcClient jdbc;

    ContactCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ContactView> of(UUID accountId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Long[] array = ids.toArray(Long[]::new);
        Map<Long, List<ChannelView>> channels = new HashMap<>();
        jdbc.sql("""
                        SELECT contact_id, type, value FROM contact_channel WHERE account_id = ? AND contact_id = ANY(?)
                        ORDER BY contact_id, created_at""")
                .params(accountId, array)
                .query(rs -> {
                    channels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new ChannelView(rs.getString(2), rs.getString(3)));
                });
        Map<Long, ContactView> byId = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, first_name, last_name, email, phone, external_customer_id, language_code, time_zone
                        FROM contact WHERE account_id = ? AND id = ANY(?)""")
                .params(accountId, array)
                .query(rs -> {
                    long id = rs.getLong("id");
                    List<ChannelView> own = new ArrayList<>();
                    if (rs.getString("email") != null) {
                        own.add(new ChannelView("email", rs.getString("email")));
                    }
                    if (rs.getString("phone") != null) {
                        own.add(new ChannelView("sms", rs.getString("phone")));
                    }
                    own.addAll(channels.getOrDefault(id, List.of()));
                    byId.put(id, new ContactView(id, rs.getString("first_name"), rs.getString("last_name"), own,
                            rs.getString("external_customer_id"), rs.getString("language_code"), rs.getString("time_zone")));
                });
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}

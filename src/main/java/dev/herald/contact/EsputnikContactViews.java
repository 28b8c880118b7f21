package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contacts in eSputnik's shape, read for a page of contacts with one query per table: the contact, its further
 * channels, its live Telegram tokens (shown as {@code telegram} channels), its custom field values and its groups.
 */
@Component
public class EsputnikContactViews {

    /** A contact as eSputnik's API answers it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(long id, String firstName, String lastName, List<Channel> channels, Map<String, String> address,
                List<FieldValue> fields, String externalCustomerId, List<Group> groups, String languageCode,
                String timeZone) {}

    public record Channel(String type, String value) {}

    public record FieldValue(long id, String value) {}

    public record Group(long id, String name, String type) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EsputnikContactViews(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The live (not deleted) contacts among {@code ids}, in the order of {@code ids}. */
    public List<View> of(UUID accountId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Long[] array = ids.toArray(Long[]::new);
        Map<Long, List<Channel>> channels = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT contact_id, type, value FROM (
                            SELECT id AS contact_id, 'email' AS type, email AS value, 0 AS o, now() AS t FROM contact
                            WHERE account_id = :acc AND id = ANY(:ids) AND email IS NOT NULL
                            UNION ALL
                            SELECT id, 'sms', phone, 1, now() FROM contact
                            WHERE account_id = :acc AND id = ANY(:ids) AND phone IS NOT NULL
                            UNION ALL
                            SELECT contact_id, type, value, 2, created_at FROM contact_channel
                            WHERE account_id = :acc AND contact_id = ANY(:ids)
                            UNION ALL
                            SELECT contact_id, 'telegram', token, 3, created_at FROM contact_token
                            WHERE account_id = :acc AND contact_id = ANY(:ids) AND removed_at IS NULL) c
                        ORDER BY contact_id, o, t, value""")
                .param("acc", accountId).param("ids", array)
                .query((rs, row) -> channels.computeIfAbsent(rs.getLong("contact_id"), k -> new ArrayList<>())
                        .add(new Channel(rs.getString("type"), rs.getString("value"))))
                .list();
        Map<Long, List<FieldValue>> fields = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT contact_id, field_id, value FROM contact_field_value
                        WHERE account_id = :acc AND contact_id = ANY(:ids) ORDER BY contact_id, field_id""")
                .param("acc", accountId).param("ids", array)
                .query((rs, row) -> fields.computeIfAbsent(rs.getLong("contact_id"), k -> new ArrayList<>())
                        .add(new FieldValue(rs.getLong("field_id"), rs.getString("value"))))
                .list();
        Map<Long, List<Group>> groups = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT m.contact_id, g.id, g.name, g.kind FROM contact_group_member m
                        JOIN contact_group g ON g.account_id = m.account_id AND g.id = m.group_id
                        WHERE m.account_id = :acc AND m.contact_id = ANY(:ids) ORDER BY m.contact_id, g.id""")
                .param("acc", accountId).param("ids", array)
                .query((rs, row) -> groups.computeIfAbsent(rs.getLong("contact_id"), k -> new ArrayList<>())
                        .add(new Group(rs.getLong("id"), rs.getString("name"),
                                rs.getString("kind").equals("static") ? "Static" : "Dynamic")))
                .list();
        Map<Long, View> views = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, first_name, last_name, external_customer_id, language_code, time_zone, address
                        FROM contact WHERE account_id = :acc AND id = ANY(:ids) AND deleted_at IS NULL""")
                .param("acc", accountId).param("ids", array)
                .query((rs, row) -> {
                    long id = rs.getLong("id");
                    String address = rs.getString("address");
                    @SuppressWarnings("unchecked")
                    Map<String, String> parts = address == null ? null : json.readValue(address, Map.class);
                    return views.put(id, new View(id, rs.getString("first_name"), rs.getString("last_name"),
                            channels.getOrDefault(id, List.of()), parts, fields.getOrDefault(id, List.of()),
                            rs.getString("external_customer_id"), groups.getOrDefault(id, List.of()),
                            rs.getString("language_code"), rs.getString("time_zone")));
                })
                .list();
        return ids.stream().map(views::get).filter(java.util.Objects::nonNull).toList();
    }
}

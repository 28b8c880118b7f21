package dev.herald.workflow;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the steps of a batch of runs need to know about their contacts, two statements per account: the template
 * variables ({@code firstName}, {@code lastName}, {@code email}, {@code phone}, {@code externalCustomerId}, every
 * custom field by name) and the contact's time zone, else the account's.
 */
@Component
class ContactFacts {

    record Facts(Map<String, Object> variables, ZoneId zone) {}

    private final JdbcClient jdbc;

    ContactFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Long, Facts> of(UUID accountId, List<Long> contactIds) {
        Long[] ids = contactIds.toArray(Long[]::new);
        Map<Long, Map<String, Object>> variables = new HashMap<>();
        Map<Long, ZoneId> zones = new HashMap<>();
        jdbc.sql("""
                        SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.external_customer_id,
                               coalesce(c.time_zone, a.time_zone)
                        FROM contact c JOIN account a ON a.id = c.account_id
                        WHERE c.account_id = ? AND c.id = ANY(?)""")
                .params(accountId, ids)
                .query(rs -> {
                    Map<String, Object> own = new LinkedHashMap<>();
                    put(own, "firstName", rs.getString(2));
                    put(own, "lastName", rs.getString(3));
                    put(own, "email", rs.getString(4));
                    put(own, "phone", rs.getString(5));
                    put(own, "externalCustomerId", rs.getString(6));
                    variables.put(rs.getLong(1), own);
                    zones.put(rs.getLong(1), zone(rs.getString(7)));
                });
        jdbc.sql("""
                        SELECT v.contact_id, f.name, v.value FROM contact_field_value v
                        JOIN contact_field f ON f.account_id = v.account_id AND f.id = v.field_id
                        WHERE v.account_id = ? AND v.contact_id = ANY(?)""")
                .params(accountId, ids)
                .query(rs -> {
                    variables.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).putIfAbsent(rs.getString(2), rs.getString(3));
                });
        Map<Long, Facts> facts = new HashMap<>();
        variables.forEach((id, vars) -> facts.put(id, new Facts(vars, zones.getOrDefault(id, ZoneId.of("UTC")))));
        return facts;
    }

    private static ZoneId zone(String name) {
        try {
            return name == null ? ZoneId.of("UTC") : ZoneId.of(name);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

package dev.herald.broadcast;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The template variables of a chunk of recipients, from their contacts: {@code firstName}, {@code lastName},
 * {@code email}, {@code phone}, {@code externalCustomerId} and every custom field by its name. Two statements
 * per chunk.
 */
@Component
class RecipientVariables {

    private final JdbcClient jdbc;

    RecipientVariables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Long, Map<String, Object>> of(UUID accountId, List<Long> contactIds) {
        Long[] ids = contactIds.toArray(Long[]::new);
        Map<Long, Map<String, Object>> variables = new HashMap<>();
        jdbc.sql("""
                        SELECT id, first_name, last_name, email, phone, external_customer_id FROM contact
                        WHERE account_id = ? AND id = ANY(?)""")
                .params(accountId, ids)
                .query(rs -> {
                    Map<String, Object> own = new LinkedHashMap<>();
                    put(own, "firstName", rs.getString(2));
                    put(own, "lastName", rs.getString(3));
                    put(own, "email", rs.getString(4));
                    put(own, "phone", rs.getString(5));
                    put(own, "externalCustomerId", rs.getString(6));
                    variables.put(rs.getLong(1), own);
                });
        jdbc.sql("""
                        SELECT v.contact_id, f.name, v.value FROM contact_field_value v
                        JOIN contact_field f ON f.account_id = v.account_id AND f.id = v.field_id
                        WHERE v.account_id = ? AND v.contact_id = ANY(?)""")
                .params(accountId, ids)
                .query(rs -> {
                    variables.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).putIfAbsent(rs.getString(2), rs.getString(3));
                });
        return variables;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

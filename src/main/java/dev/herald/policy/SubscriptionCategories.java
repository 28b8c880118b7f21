package dev.herald.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An account's subscription categories ({@code subscription_category}): the kinds of messages a contact may opt
 * out of one by one ("news", "promo"). A message names one by its key; a message of none is transactional.
 */
@Repository
public class SubscriptionCategories {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    public static final String KEY_RULE = "must be 1 to 64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit";
    /** Enough for any real use; bounds what one account can store. */
    static final int MAX_PER_ACCOUNT = 200;

    private final JdbcClient jdbc;

    SubscriptionCategories(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A category as the API shows it. */
    public record Category(String key, String name, String description, Instant createdAt) {}

    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Which of {@code keys} are the account's categories. */
    public Set<String> existing(UUID accountId, Collection<String> keys) {
        return new HashSet<>(jdbc.sql("SELECT key FROM subscription_category WHERE account_id = ? AND key = ANY(?)")
                .params(accountId, keys.toArray(String[]::new))
                .query(String.class).list());
    }

    public List<Category> list(UUID accountId) {
        return jdbc.sql("""
                        SELECT key, name, description, created_at FROM subscription_category
                        WHERE account_id = ? ORDER BY key""")
                .param(accountId)
                .query((rs, i) -> new Category(rs.getString("key"), rs.getString("name"), rs.getString("description"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    List<String> keys(UUID accountId) {
        return list(accountId).stream().map(Category::key).toList();
    }

    /** Stores a new category; empty when the key is taken or the account has {@link #MAX_PER_ACCOUNT}. */
    Optional<Category> create(UUID accountId, String key, String name, String description) {
        return jdbc.sql("""
                        INSERT INTO subscription_category (account_id, key, name, description)
                        SELECT ?, ?, ?, ? WHERE (SELECT count(*) FROM subscription_category WHERE account_id = ?) < ?
                        ON CONFLICT (account_id, key) DO NOTHING
                        RETURNING key, name, description, created_at""")
                .params(accountId, key, name, description, accountId, MAX_PER_ACCOUNT)
                .query((rs, i) -> new Category(rs.getString("key"), rs.getString("name"), rs.getString("description"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    boolean contains(UUID accountId, String key) {
        return !existing(accountId, List.of(key)).isEmpty();
    }

    /**
     * Deletes a category and its frequency cap. The contacts' opt-outs of it stay: were it made again, who opted
     * out would still not get it.
     */
    boolean delete(UUID accountId, String key) {
        jdbc.sql("DELETE FROM frequency_cap WHERE account_id = ? AND category = ?").params(accountId, key).update();
        return jdbc.sql("DELETE FROM subscription_category WHERE account_id = ? AND key = ?")
                .params(accountId, key).update() > 0;
    }

}

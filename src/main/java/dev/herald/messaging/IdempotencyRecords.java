package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.support.Sha256;
import dev.herald.web.ConflictException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Remembers the response to a request (or a message group) sent with an idempotency key, so a retry gets
 * the first answer instead of a second send. The key is claimed in the sending transaction: a concurrent
 * retry blocks on the unique key until the first commits and then reads its response; if the first rolls
 * back, the retry proceeds as the first.
 */
@Repository
class IdempotencyRecords {

    enum Scope { REQUEST, GROUP }

    private final JdbcClient jdbc;

    IdempotencyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return the stored response JSON when the key was used before for the same request, or empty when this
     *     call now holds the key and must {@link #complete} it
     * @throws ConflictException when the key was used for a different request
     */
    Optional<String> claim(AccountId account, Scope scope, String key, String requestJson) {
        String hash = Sha256.hex(requestJson);
        int inserted = jdbc.sql("""
                        INSERT INTO idempotency_record (account_id, scope, key, request_hash)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(account.value(), scope.name(), key, hash)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        record Stored(String hash, String response) {}
        Stored stored = jdbc.sql("SELECT request_hash, response FROM idempotency_record WHERE account_id = ? AND scope = ? AND key = ?")
                .params(account.value(), scope.name(), key)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2)))
                .single();
        if (!stored.hash().equals(hash)) {
            throw new ConflictException("The idempotency key '" + key + "' was already used for a different request");
        }
        return Optional.of(stored.response());
    }

    /**
     * The response already stored for the key, looked up without claiming it: lets a retry be answered before
     * its request is prepared again. Empty when the key is new or its first request is still being stored
     * ({@link #claim} then decides).
     *
     * @throws ConflictException when the key was used for a different request
     */
    Optional<String> stored(AccountId account, Scope scope, String key, String requestJson) {
        record Stored(String hash, String response) {}
        Optional<Stored> stored = jdbc.sql("""
                        SELECT request_hash, response FROM idempotency_record
                        WHERE account_id = ? AND scope = ? AND key = ? AND response IS NOT NULL""")
                .params(account.value(), scope.name(), key)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2)))
                .optional();
        if (stored.isPresent() && !stored.get().hash().equals(Sha256.hex(requestJson))) {
            throw new ConflictException("The idempotency key '" + key + "' was already used for a different request");
        }
        return stored.map(Stored::response);
    }

    void complete(AccountId account, Scope scope, String key, String responseJson) {
        jdbc.sql("UPDATE idempotency_record SET response = ?::jsonb WHERE account_id = ? AND scope = ? AND key = ?")
                .params(responseJson, account.value(), scope.name(), key)
                .update();
    }
}

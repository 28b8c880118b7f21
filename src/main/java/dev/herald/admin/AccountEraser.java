package dev.herald.admin;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases deleted accounts: every row of every table with an {@code account_id} column, and of the tables that
 * hang off those by a foreign key without one (status events, delivery attempts, template versions, ...), found
 * in the database catalogue, so a table added by a later migration is erased without being named here. Rows go
 * children first, at most {@code herald.accounts.erase-batch} per statement and transaction, so erasing a large
 * account never holds long locks; the account row goes last. Its jobs go first, so nothing of it is sent while
 * the rest is erased (the engine does not claim a deleting account's jobs anyway).
 */
@Component
class AccountEraser {

    private static final Logger log = LoggerFactory.getLogger(AccountEraser.class);

    /** A table to erase and how its rows of the account are found: {@code :account} is the account's id. */
    record Step(String table, String condition) {}

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final int batch;
    private volatile List<Step> steps;

    AccountEraser(JdbcClient jdbc, Accounts accounts, TransactionTemplate tx,
                  @Value("${herald.accounts.erase-batch:1000}") int batch) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.tx = tx;
        this.batch = batch;
    }

    @Scheduled(fixedDelayString = "${herald.accounts.erase-interval:PT5S}", initialDelayString = "PT5S")
    void eraseDeleted() {
        for (AccountId account : accounts.deleting()) {
            erase(account);
        }
    }

    /** Erases the account, which must be deleting, completely. */
    void erase(AccountId account) {
        long rows = 0;
        // Partner apps' OAuth clients and the grants of the account's people live in Spring's tables, keyed otherwise.
        rows += repeat("""
                DELETE FROM oauth2_authorization WHERE id IN (SELECT id FROM oauth2_authorization
                    WHERE principal_name IN (SELECT username FROM app_user WHERE account_id = :account) LIMIT :batch)""",
                account);
        rows += repeat("""
                DELETE FROM oauth2_registered_client WHERE id IN (SELECT id FROM partner_app
                    WHERE account_id = :account LIMIT :batch)""", account);
        for (Step step : steps()) {
            rows += repeat("DELETE FROM " + step.table() + " WHERE ctid = ANY (ARRAY (SELECT ctid FROM " + step.table()
                    + " WHERE " + step.condition() + " LIMIT :batch))", account);
        }
        tx.executeWithoutResult(status -> jdbc.sql("DELETE FROM account WHERE id = ? AND status = 'DELETING'")
                .param(account.value()).update());
        log.info("Erased account {} ({} rows)", account, rows);
    }

    private long repeat(String sql, AccountId account) {
        long total = 0;
        while (true) {
            Integer deleted = tx.execute(status -> jdbc.sql(sql).param("account", account.value())
                    .param("batch", batch).update());
            total += deleted == null ? 0 : deleted;
            if (deleted == null || deleted < batch) {
                return total;
            }
        }
    }

    /** The tables to erase, children before parents; read once from the catalogue (migrations run before). */
    List<Step> steps() {
        List<Step> known = steps;
        if (known == null) {
            known = plan();
            steps = known;
        }
        return known;
    }

    private List<Step> plan() {
        record Fk(String child, String column, String parent, String parentColumn) {}
        Set<String> withAccount = new LinkedHashSet<>(jdbc.sql("""
                        SELECT c.table_name FROM information_schema.columns c
                        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                        WHERE c.table_schema = current_schema() AND c.column_name = 'account_id'
                          AND t.table_type = 'BASE TABLE' AND c.table_name <> 'account'
                        ORDER BY c.table_name""")
                .query(String.class).list());
        List<Fk> fks = jdbc.sql("""
                        SELECT child.relname AS child, ca.attname AS col, parent.relname AS parent, pa.attname AS pcol
                        FROM pg_constraint k
                        JOIN pg_class child ON child.oid = k.conrelid
                        JOIN pg_class parent ON parent.oid = k.confrelid
                        JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
                        JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
                        JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
                        WHERE k.contype = 'f' AND cardinality(k.conkey) = 1""")
                .query((rs, i) -> new Fk(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        // How each table's rows of the account are found; tables without account_id through their parent.
        Map<String, String> condition = new LinkedHashMap<>();
        withAccount.forEach(table -> condition.put(table, "account_id = :account"));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Fk fk : fks) {
                if (!condition.containsKey(fk.child()) && condition.containsKey(fk.parent())
                        && !fk.parent().equals(fk.child())) {
                    condition.put(fk.child(), quote(fk.column()) + " IN (SELECT " + quote(fk.parentColumn()) + " FROM "
                            + quote(fk.parent()) + " WHERE " + condition.get(fk.parent()) + ")");
                    grew = true;
                }
            }
        }
        // Children first: a table goes once no other table still to erase references it.
        Map<String, Set<String>> children = new HashMap<>();
        for (Fk fk : fks) {
            if (condition.containsKey(fk.child()) && condition.containsKey(fk.parent())
                    && !fk.child().equals(fk.parent())) {
                children.computeIfAbsent(fk.parent(), t -> new LinkedHashSet<>()).add(fk.child());
            }
        }
        List<Step> ordered = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(condition.keySet());
        while (!left.isEmpty()) {
            String next = left.stream().filter(table -> children.getOrDefault(table, Set.of()).stream()
                    .noneMatch(left::contains)).findFirst().orElse(left.iterator().next());
            ordered.add(new Step(quote(next), condition.get(next)));
            left.remove(next);
        }
        // The queue first, so that nothing more of the account is sent while the rest goes.
        ordered.sort((a, b) -> Boolean.compare(!a.table().equals("\"job\""), !b.table().equals("\"job\"")));
        return List.copyOf(ordered);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

package dev.herald.routing;

import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An account's balance: the credit the platform administrator gave it minus the cost of its messages (those
 * priced in {@code herald.balance.currency}), and the optional hard limit that makes bulk sends wait. The cost is
 * the running total in {@code account_spend}, which the engine adds each batch's costs to as it records them.
 */
@Component
public class Balances {

    private static final BigDecimal MAX = new BigDecimal("99999999");

    /** @param hardLimit null: no limit */
    public record Balance(BigDecimal credit, BigDecimal spent, BigDecimal balance, BigDecimal hardLimit,
                          BigDecimal overdraft, String currency) {}

    /** Where an account with a hard limit stands: whether bulk, and whether transactional, messages must wait. */
    public record Stop(boolean bulk, boolean transactional) {}

    private final JdbcClient jdbc;
    private final String currency;
    private final Duration recheck;

    Balances(JdbcClient jdbc, @Value("${herald.balance.currency:EUR}") String currency,
             @Value("${herald.balance.recheck:PT1M}") Duration recheck) {
        this.jdbc = jdbc;
        this.currency = currency;
        this.recheck = recheck;
    }

    /** How long a message held by the hard limit waits before the balance is looked at again. */
    public Duration recheck() {
        return recheck;
    }

    public String currency() {
        return currency;
    }

    public Balance of(UUID account) {
        return jdbc.sql("""
                        SELECT a.credit, coalesce((SELECT sum(s.spent) FROM account_spend s
                                   WHERE s.account_id = a.id AND s.currency = :currency), 0) AS spent,
                               a.hard_limit, a.overdraft
                        FROM account a WHERE a.id = :account""")
                .param("account", account).param("currency", currency)
                .query((rs, i) -> new Balance(rs.getBigDecimal("credit"), rs.getBigDecimal("spent"),
                        rs.getBigDecimal("credit").subtract(rs.getBigDecimal("spent")), rs.getBigDecimal("hard_limit"),
                        rs.getBigDecimal("overdraft"), currency))
                .optional().orElseThrow(() -> new NotFoundException("No such account"));
    }

    /** Sets the credit, hard limit (null: none) and overdraft (null: 0); 400 names a field out of range. */
    public Balance set(UUID account, BigDecimal credit, BigDecimal hardLimit, BigDecimal overdraft) {
        List<FieldProblem> errors = new ArrayList<>();
        if (credit == null || credit.abs().compareTo(MAX) > 0) {
            errors.add(new FieldProblem("credit", "is required, between -99999999 and 99999999"));
        }
        if (hardLimit != null && hardLimit.abs().compareTo(MAX) > 0) {
            errors.add(new FieldProblem("hardLimit", "must be between -99999999 and 99999999"));
        }
        if (overdraft != null && (overdraft.signum() < 0 || overdraft.compareTo(MAX) > 0)) {
            errors.add(new FieldProblem("overdraft", "must be between 0 and 99999999"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        int updated = jdbc.sql("UPDATE account SET credit = ?, hard_limit = ?, overdraft = ? WHERE id = ?")
                .params(credit, hardLimit, overdraft == null ? BigDecimal.ZERO : overdraft, account).update();
        if (updated == 0) {
            throw new NotFoundException("No such account");
        }
        return of(account);
    }

    /** Of these accounts, the ones that reached their hard limit, in one statement reading the few rows of each one's running total. */
    public Map<UUID, Stop> stops(Collection<UUID> accounts) {
        Map<UUID, Stop> stops = new HashMap<>();
        if (accounts.isEmpty()) {
            return stops;
        }
        jdbc.sql("""
                        SELECT id, balance <= hard_limit AS bulk, balance <= hard_limit - overdraft AS transactional
                        FROM (SELECT a.id, a.hard_limit, a.overdraft, a.credit - coalesce((SELECT sum(s.spent)
                                     FROM account_spend s WHERE s.account_id = a.id AND s.currency = :currency), 0)
                                     AS balance
                              FROM account a WHERE a.id = ANY(:accounts) AND a.hard_limit IS NOT NULL) b
                        WHERE balance <= hard_limit""")
                .param("accounts", accounts.toArray(UUID[]::new)).param("currency", currency)
                .query((rs, i) -> stops.put(rs.getObject("id", UUID.class),
                        new Stop(rs.getBoolean("bulk"), rs.getBoolean("transactional"))))
                .list();
        return stops;
    }
}

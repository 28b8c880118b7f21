package dev.herald.sso;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.web.ConflictException;
import dev.herald.web.NotFoundException;
import dev.herald.web.TryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves that an account owns a single sign-on domain: the account publishes {@code herald-verification=<token>}
 * as a TXT record of the domain, and this finds it through DNS ({@link TxtRecords}). Until then nobody of the
 * domain signs in through the account's provider. A domain another account has proven stays that account's
 * (409); {@code sso.domain-verify} is audited.
 */
@Service
public class SsoDomains {

    private static final Logger log = LoggerFactory.getLogger(SsoDomains.class);

    private final SsoConnections connections;
    private final TxtRecords dns;
    private final Audit audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SsoDomains(SsoConnections connections, TxtRecords dns, Audit audit, TransactionTemplate transaction, Clock clock) {
        this.connections = connections;
        this.dns = dns;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Looks the domain's TXT records up and, when the account's record is among them, marks the domain verified.
     *
     * @return the domain's state afterwards
     * @throws NotFoundException  when the account does not name the domain
     * @throws ConflictException  when the record is not there, or another account has proven the domain
     * @throws TryLaterException  when DNS did not answer
     */
    public SsoConnection.Domain verify(AccountId account, String domain) {
        String name = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        SsoConnection.Domain claim = state(account, name);
        if (claim.verified()) {
            return claim;
        }
        List<String> records;
        try {
            records = name.length() > 253 ? List.of() : dns.of(name);
        } catch (TxtRecords.LookupFailed e) {
            log.info("Single sign-on domain {} of account {} not checked: {}", name, account.value(), e.getMessage());
            throw new TryLaterException("DNS did not answer for " + name + "; try again in a minute", Duration.ofMinutes(1));
        }
        if (!records.contains(claim.record())) {
            throw new ConflictException("No TXT record " + claim.record() + " at " + name + " (found " + records.size()
                    + (records.size() == 1 ? " other TXT record" : " other TXT records")
                    + "); add it at your DNS provider, wait for it to spread, then try again");
        }
        try {
            transaction.executeWithoutResult(status -> {
                connections.markVerified(account, name, clock.instant());
                audit.record(account, "sso.domain-verify", "sso", Map.of("domain", name));
            });
        } catch (DuplicateKeyException taken) {
            throw new ConflictException("The domain " + name + " signs in to another account");
        }
        return state(account, name);
    }

    private SsoConnection.Domain state(AccountId account, String name) {
        return connections.find(account).stream()
                .flatMap(stored -> stored.connection().domainVerification().stream())
                .filter(d -> d.domain().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("The account's single sign-on names no domain " + name));
    }
}

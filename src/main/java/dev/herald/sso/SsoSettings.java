package dev.herald.sso;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.support.SecretBox;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes an account's single sign-on settings (the API and the console's page): the issuer is checked
 * by reading its discovery document before anything is stored, the client secret is sealed with
 * {@code herald.secret-key} and never shown again, and every change is audited ({@code sso.update},
 * {@code sso.delete}) without the secret. A new domain signs in only once the account has proven it owns it
 * ({@link SsoDomains}).
 */
@Service
public class SsoSettings {

    static final int MAX_DOMAINS = 20;
    private static final int MAX_TEXT = 500;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** What an account admin enters; a blank {@code clientSecret} keeps the stored one. */
    public record Change(String issuer, String clientId, String clientSecret, List<String> domains, String defaultRole) {}

    private final SsoConnections connections;
    private final OidcDiscovery discovery;
    private final SecretBox secrets;
    private final Audit audit;
    private final Clock clock;

    SsoSettings(SsoConnections connections, OidcDiscovery discovery, SecretBox secrets, Audit audit, Clock clock) {
        this.connections = connections;
        this.discovery = discovery;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<SsoConnection> find(AccountId account) {
        return connections.find(account).map(SsoConnections.Stored::connection);
    }

    @Transactional
    public SsoConnection save(AccountId account, Change change) {
        if (change == null) {
            throw new InvalidRequestException("issuer", "is required");
        }
        Optional<SsoConnection> before = find(account);
        List<FieldProblem> problems = new ArrayList<>();
        String issuer = text(change.issuer(), "issuer", problems);
        String clientId = text(change.clientId(), "clientId", problems);
        String secret = change.clientSecret() == null || change.clientSecret().isBlank() ? null : change.clientSecret();
        if (secret == null && before.isEmpty()) {
            problems.add(new FieldProblem("clientSecret", "is required"));
        } else if (secret != null && secret.length() > MAX_TEXT) {
            problems.add(new FieldProblem("clientSecret", "must be at most " + MAX_TEXT + " characters"));
        }
        List<String> domains = domains(change.domains(), problems);
        Role role = role(change.defaultRole(), problems);
        if (issuer != null && problems.isEmpty()) {
            try {
                discovery.discover(issuer);
            } catch (OidcDiscovery.DiscoveryException e) {
                problems.add(new FieldProblem("issuer", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<String> taken = connections.takenByOthers(account, domains);
        if (!taken.isEmpty()) {
            throw new ConflictException("The domain " + taken.getFirst() + " signs in to another account");
        }
        String sealed = secret == null ? null
                : secrets.seal(secret.getBytes(StandardCharsets.UTF_8), SsoRegistrations.secretContext(account));
        connections.save(account, issuer, clientId, sealed, role, domains, clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        details.put("clientId", clientId);
        details.put("domains", String.join(",", domains));
        details.put("defaultRole", role.name().toLowerCase(Locale.ROOT));
        if (secret != null) {
            details.put("clientSecret", "(changed)");
        }
        audit.record(account, before.isEmpty() ? "sso.create" : "sso.update", "sso", details);
        return find(account).orElseThrow();
    }

    @Transactional
    public void delete(AccountId account) {
        if (!connections.delete(account)) {
            throw new NotFoundException("The account has no single sign-on");
        }
        audit.record(account, "sso.delete", "sso");
    }

    private static String text(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (value.strip().length() > MAX_TEXT) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_TEXT + " characters"));
            return null;
        }
        return value.strip();
    }

    private static List<String> domains(List<String> given, List<FieldProblem> problems) {
        if (given == null || given.isEmpty()) {
            problems.add(new FieldProblem("domains", "name at least one e-mail domain"));
            return List.of();
        }
        if (given.size() > MAX_DOMAINS) {
            problems.add(new FieldProblem("domains", "at most " + MAX_DOMAINS + " domains"));
            return List.of();
        }
        TreeSet<String> domains = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            String domain = given.get(i) == null ? "" : given.get(i).strip().toLowerCase(Locale.ROOT);
            if (domain.startsWith("@")) {
                domain = domain.substring(1);
            }
            if (!DOMAIN.matcher(domain).matches()) {
                problems.add(new FieldProblem("domains[" + i + "]", "must be a domain name such as example.com"));
            } else {
                domains.add(domain);
            }
        }
        return List.copyOf(domains);
    }

    private static Role role(String given, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            return Role.VIEWER;
        }
        try {
            Role role = Role.valueOf(given.strip().toUpperCase(Locale.ROOT));
            if (role == Role.OWNER) {
                problems.add(new FieldProblem("defaultRole", "may not be owner: make owners in People"));
            }
            return role;
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("defaultRole", "must be one of admin, developer, operator, viewer"));
            return Role.VIEWER;
        }
    }
}

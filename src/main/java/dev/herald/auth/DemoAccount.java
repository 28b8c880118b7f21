package dev.herald.auth;

import dev.herald.HeraldProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account a fresh install can be tried with. Its token is {@code herald.bootstrap-token} when set;
 * otherwise one is generated on first start and kept in {@code <data dir>/demo-token} (owner-readable only),
 * because only its hash is in the database and the start-up log must be able to show it again. Likewise its
 * user {@value #USERNAME} (who signs in to consent to partner apps) has the password
 * {@code herald.demo.password} when set, else a generated one kept in {@code <data dir>/demo-password}.
 */
@Component
public class DemoAccount implements SmartInitializingSingleton {

    static final String NAME = "demo";
    /** The demo account's user, for the sign-in page. */
    public static final String USERNAME = "demo";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final HeraldProperties properties;
    private final TransactionTemplate tx;
    private final Users users;
    private final String configuredPassword;
    private volatile String token;
    private volatile String password;

    DemoAccount(Accounts accounts, ApiTokens tokens, HeraldProperties properties, TransactionTemplate tx, Users users,
                @Value("${herald.demo.password:}") String configuredPassword) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.properties = properties;
        this.tx = tx;
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    /** The demo user's password, or empty when the demo is disabled. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The demo account's token, or empty when the demo is disabled. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Before the web server takes requests, so the printed token works from the first request on. */
    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.demo().enabled()) {
            return;
        }
        token = tx.execute(status -> {
            AccountId account = accounts.findByName(NAME).orElseGet(() -> accounts.create(NAME, ZoneId.of("UTC")));
            String bootstrap = properties.bootstrapToken();
            if (bootstrap != null && !bootstrap.isBlank()) {
                return tokens.store(account, "bootstrap", bootstrap.strip()).map(ApiTokens.IssuedToken::token)
                        .orElse("(herald.bootstrap-token was revoked through the API; set another one)");
            }
            return rememberedToken(account);
        });
        password = tx.execute(status -> demoUserPassword(accounts.findByName(NAME).orElseThrow()));
    }

    private String demoUserPassword(AccountId account) {
        users.lockForSetUp(USERNAME);
        Optional<Users.User> existing = users.find(USERNAME);
        if (existing.isPresent() && !existing.get().account().equals(account)) {
            log.warn("The user '{}' belongs to another account; the demo account has no user", USERNAME);
            return "(no demo user: the name '" + USERNAME + "' is taken)";
        }
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            String chosen = configuredPassword.strip();
            keep(existing, account, chosen);
            return chosen;
        }
        Path file = Path.of(properties.embeddedDb().dataDir()).toAbsolutePath().getParent().resolve("demo-password");
        try {
            if (Files.isReadable(file)) {
                String remembered = Files.readString(file).strip();
                if (!remembered.isEmpty()) {
                    keep(existing, account, remembered);
                    return remembered;
                }
            }
            String generated = generatedPassword();
            keep(existing, account, generated);
            writeOwnerOnly(file, generated);
            return generated;
        } catch (IOException e) {
            log.warn("Cannot keep the demo password in {}: {}; a new password is set on every start", file, e.toString());
            String generated = generatedPassword();
            keep(existing, account, generated);
            return generated;
        }
    }

    private void keep(Optional<Users.User> existing, AccountId account, String password) {
        if (existing.isEmpty()) {
            users.create(account, USERNAME, password);
        } else if (!users.passwordMatches(existing.get(), password)) {
            users.changePassword(existing.get(), password);
        }
    }

    private static String generatedPassword() {
        byte[] secret = new byte[12];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps the platform's default permissions
        }
    }

    private String rememberedToken(AccountId account) {
        Path file = Path.of(properties.embeddedDb().dataDir()).toAbsolutePath().getParent().resolve("demo-token");
        try {
            if (Files.isReadable(file)) {
                String token = Files.readString(file).strip();
                if (tokens.authenticate(token).map(ApiTokens.Authenticated::account).filter(account::equals).isPresent()) {
                    return token;
                }
            }
            String token = tokens.issue(account, "demo").token();
            Files.createDirectories(file.getParent());
            Files.writeString(file, token);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the platform's default permissions
            }
            return token;
        } catch (IOException e) {
            log.warn("Cannot keep the demo token in {}: {}; a new token is issued on every start", file, e.toString());
            return tokens.issue(account, "demo").token();
        }
    }
}

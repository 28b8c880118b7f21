package dev.herald.auth;

import dev.herald.HeraldProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account a fresh install can be tried with. Its token is {@code herald.bootstrap-token} when set;
 * otherwise one is generated on first start and kept in {@code <data dir>/demo-token} (owner-readable only),
 * because only its hash is in the database and the start-up log must be able to show it again.
 */
@Component
public class DemoAccount implements SmartInitializingSingleton {

    static final String NAME = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final HeraldProperties properties;
    private final TransactionTemplate tx;
    private volatile String token;

    DemoAccount(Accounts accounts, ApiTokens tokens, HeraldProperties properties, TransactionTemplate tx) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.properties = properties;
        this.tx = tx;
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
    }

    private String rememberedToken(AccountId account) {
        Path file = Path.of(properties.embeddedDb().dataDir()).toAbsolutePath().getParent().resolve("demo-token");
        try {
            if (Files.isReadable(file)) {
                String token = Files.readString(file).strip();
                if (tokens.authenticate(token).filter(account::equals).isPresent()) {
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

package dev.herald.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform administrator configured at start ({@code herald.admin.email} and {@code herald.admin.password},
 * e.g. {@code HERALD_ADMIN_EMAIL}/{@code HERALD_ADMIN_PASSWORD}): added on the first start, hashed; the
 * property is not read again once the administrator exists (change the password there, not here). Unset,
 * the console offers a first-run sign-up page ({@code /console/setup}) until someone has used it.
 */
@Component
class PlatformAdminSetUp implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PlatformAdminSetUp.class);

    private final PlatformAdmins admins;
    private final TransactionTemplate tx;
    private final String email;
    private final String password;

    PlatformAdminSetUp(PlatformAdmins admins, TransactionTemplate tx, @Value("${herald.admin.email:}") String email,
                       @Value("${herald.admin.password:}") String password) {
        this.admins = admins;
        this.tx = tx;
        this.email = email;
        this.password = password;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (email == null || email.isBlank()) {
            if (!admins.any()) {
                log.info("No platform administrator yet: the first one signs up at /console/setup "
                        + "(or set herald.admin.email and herald.admin.password)");
            }
            return;
        }
        if (password == null || password.length() < PasswordRule.MIN_LENGTH) {
            log.warn("herald.admin.email is set but herald.admin.password is missing or shorter than {} characters: "
                    + "no administrator was added", PasswordRule.MIN_LENGTH);
            return;
        }
        if (Boolean.TRUE.equals(tx.execute(status -> admins.add(email, password, false)))) {
            log.info("Added the platform administrator {}", email.strip());
        }
    }
}

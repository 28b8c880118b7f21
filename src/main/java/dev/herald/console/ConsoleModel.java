package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.auth.Users;
import java.time.ZoneId;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.ui.Model;

/** What every console page needs: who is signed in, and the account's time zone to write times in. */
@ControllerAdvice(basePackages = "dev.herald.console")
class ConsoleModel {

    private final Users users;
    private final Accounts accounts;

    ConsoleModel(Users users, Accounts accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @ModelAttribute
    void common(Model model) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        model.addAttribute("signedIn", signedIn ? authentication.getName() : "");
        ZoneId zone = signedIn ? users.find(authentication.getName()).map(u -> accounts.timeZone(u.account()))
                .orElse(ZoneId.of("UTC")) : ZoneId.of("UTC");
        model.addAttribute("times", new Times(zone));
        model.addAttribute("plain", PlainLanguage.INSTANCE);
        // What the navigation offers; the server checks every request anyway (ConsoleSecurityConfiguration).
        java.util.Set<String> authorities = new java.util.HashSet<>();
        if (signedIn) {
            authentication.getAuthorities().forEach(a -> authorities.add(a.getAuthority()));
        }
        model.addAttribute("may", authorities);
    }
}

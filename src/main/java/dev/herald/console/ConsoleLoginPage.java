package dev.herald.console;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security checks the password it posts. */
@Controller
class ConsoleLoginPage {

    @GetMapping(ConsoleSecurityConfiguration.LOGIN)
    String login() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken)) {
            return "redirect:/console";
        }
        return "console/login";
    }
}

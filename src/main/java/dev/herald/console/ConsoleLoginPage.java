package dev.herald.console;

import dev.herald.auth.SignInThrottle;
import dev.herald.signup.Signups;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security checks the password it posts (throttled: the page says until when). */
@Controller
class ConsoleLoginPage {

    private final Signups signups;

    ConsoleLoginPage(Signups signups) {
        this.signups = signups;
    }

    @GetMapping(ConsoleSecurityConfiguration.LOGIN)
    String login(HttpServletRequest request, Model model) {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken)) {
            return "redirect:/console";
        }
        model.addAttribute("action", ConsoleSecurityConfiguration.LOGIN);
        model.addAttribute("signupOpen", signups.enabled());
        SignInThrottle.lockNotice(request).ifPresent(notice -> model.addAttribute("locked", notice));
        return "console/login";
    }
}

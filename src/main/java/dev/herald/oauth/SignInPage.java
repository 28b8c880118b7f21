package dev.herald.oauth;

import dev.herald.auth.SignInThrottle;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in form a partner app's user sees before consenting: the console's form, posting to {@code /login}.
 * Herald's own rather than Spring's generated page, so that a throttled attempt can say when to try again.
 */
@Controller
class SignInPage {

    @GetMapping(AuthorizationServerConfiguration.LOGIN)
    String signIn(HttpServletRequest request, Model model) {
        model.addAttribute("action", AuthorizationServerConfiguration.LOGIN);
        SignInThrottle.lockNotice(request).ifPresent(notice -> model.addAttribute("locked", notice));
        return "console/login";
    }
}

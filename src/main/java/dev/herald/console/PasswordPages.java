package dev.herald.console;

import dev.herald.auth.PasswordRule;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.SignInThrottle;
import dev.herald.people.People;
import dev.herald.web.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The pages for people who are not signed in: accepting an invitation (choosing a password), asking for a
 * password-reset link, following it, and the first platform administrator's sign-up (only while there is none).
 */
@Controller
class PasswordPages {

    private final People people;
    private final PlatformAdmins admins;
    private final TransactionTemplate tx;
    private final SignInThrottle throttle;

    PasswordPages(People people, PlatformAdmins admins, TransactionTemplate tx, SignInThrottle throttle) {
        this.throttle = throttle;
        this.people = people;
        this.admins = admins;
        this.tx = tx;
    }

    @GetMapping("/console/invitation")
    ModelAndView invitation(@RequestParam(defaultValue = "") String token) {
        return people.invited(token)
                .map(person -> form("Accept your invitation", "You are invited as " + person.role()
                        + ". You will sign in as " + person.username() + ".", "/console/invitation", token, false))
                .orElseGet(() -> gone("This invitation link is unknown, used or expired. Ask for a new one."));
    }

    @PostMapping("/console/invitation")
    ModelAndView accept(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String password) {
        try {
            return signIn(people.accept(token, password));
        } catch (InvalidRequestException e) {
            return retry(invitation(token), e);
        }
    }

    @GetMapping("/console/password/forgot")
    String forgot(Model model) {
        return "console/forgot-password";
    }

    @PostMapping("/console/password/forgot")
    String requestReset(@RequestParam(defaultValue = "") String login, HttpServletRequest request, Model model) {
        // throttled per login and per client; the page says the same whether a link went out or not
        if (throttle.resetRequest(login, request.getRemoteAddr())) {
            people.requestReset(login);
        }
        model.addAttribute("sent", true);
        return "console/forgot-password";
    }

    @GetMapping("/console/password/reset")
    ModelAndView reset(@RequestParam(defaultValue = "") String token) {
        return people.resettable(token)
                ? form("Choose a new password", "The link works once.", "/console/password/reset", token, false)
                : gone("This reset link is unknown, used or expired. Ask for a new one.");
    }

    @PostMapping("/console/password/reset")
    ModelAndView resetPassword(@RequestParam(defaultValue = "") String token,
                               @RequestParam(defaultValue = "") String password) {
        try {
            return signIn(people.reset(token, password));
        } catch (InvalidRequestException e) {
            return retry(reset(token), e);
        }
    }

    @GetMapping("/console/setup")
    ModelAndView setup() {
        return admins.any() ? gone("Herald has a platform administrator already: sign in instead.")
                : form("Set up Herald", "Choose the platform administrator's e-mail address and password: they "
                        + "create and manage the accounts.", "/console/setup", "", true);
    }

    @PostMapping("/console/setup")
    ModelAndView signUp(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password) {
        try {
            if (email.isBlank() || email.length() > 254 || !email.contains("@")) {
                throw new InvalidRequestException("email", "must be an e-mail address");
            }
            PasswordRule.check("password", password);
        } catch (InvalidRequestException e) {
            return retry(setup(), e);
        }
        if (!Boolean.TRUE.equals(tx.execute(status -> admins.add(email, password, true)))) {
            return gone("Herald has a platform administrator already: sign in instead.");
        }
        return signIn(email.strip());
    }

    private static ModelAndView form(String title, String intro, String action, String token, boolean withEmail) {
        ModelAndView page = new ModelAndView("console/set-password");
        page.addObject("title", title);
        page.addObject("intro", intro);
        page.addObject("action", action);
        page.addObject("token", token);
        page.addObject("withEmail", withEmail);
        return page;
    }

    private static ModelAndView retry(ModelAndView page, InvalidRequestException e) {
        page.addObject("alert", e.problems().stream().map(p -> "The " + p.field() + " " + p.message() + ".")
                .reduce((a, b) -> a + " " + b).orElse("Please check the form."));
        if (page.getStatus() == null) {
            page.setStatus(HttpStatus.BAD_REQUEST);
        }
        return page;
    }

    private static ModelAndView gone(String message) {
        ModelAndView page = new ModelAndView("console/set-password");
        page.setStatus(HttpStatus.NOT_FOUND);
        page.addObject("title", "Link not valid");
        page.addObject("intro", message);
        page.addObject("closed", true);
        return page;
    }

    private static ModelAndView signIn(String username) {
        ModelAndView page = new ModelAndView("redirect:" + ConsoleSecurityConfiguration.LOGIN);
        page.addObject("ready", "");
        page.addObject("username", username);
        return page;
    }
}

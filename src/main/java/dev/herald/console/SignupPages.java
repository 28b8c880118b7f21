package dev.herald.console;

import dev.herald.signup.Signups;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.TryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Self-service sign-up for people who are not signed in ({@link Signups}; 404 while it is off): the form, and the
 * page the e-mailed link opens, which asks to confirm before making the account (mail scanners open links too).
 */
@Controller
class SignupPages {

    static final String PATH = "/console/signup";

    private final Signups signups;

    SignupPages(Signups signups) {
        this.signups = signups;
    }

    @GetMapping(PATH)
    ModelAndView form() {
        signups.requireEnabled();
        return page("form");
    }

    @PostMapping(PATH)
    ModelAndView signUp(@RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "") String email,
                        @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String timeZone,
                        HttpServletRequest request) {
        ModelAndView page = page("form");
        page.addObject("organisation", organisation);
        page.addObject("email", email);
        try {
            if (signups.request(organisation, timeZone, email, password, request.getRemoteAddr())
                    == Signups.Outcome.TOO_MANY) {
                page.addObject("alert", "Too many sign-ups for this address or from this network. Try again in an hour.");
                page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
                return page;
            }
        } catch (InvalidRequestException e) {
            page.addObject("alert", e.problems().stream().map(p -> "The " + p.field() + " " + p.message() + ".")
                    .reduce((a, b) -> a + " " + b).orElse("Please check the form."));
            page.setStatus(HttpStatus.BAD_REQUEST);
            return page;
        } catch (TryLaterException e) {
            page.addObject("alert", e.getMessage());
            page.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
            return page;
        }
        ModelAndView sent = page("sent");
        sent.addObject("email", email.strip());
        return sent;
    }

    @GetMapping(PATH + "/verify")
    ModelAndView confirm(@RequestParam(defaultValue = "") String token) {
        return signups.pending(token).map(pending -> {
            ModelAndView page = page("confirm");
            page.addObject("token", token);
            page.addObject("organisation", pending.organisation());
            page.addObject("email", pending.email());
            return page;
        }).orElseGet(SignupPages::gone);
    }

    @PostMapping(PATH + "/verify")
    ModelAndView verify(@RequestParam(defaultValue = "") String token) {
        try {
            String username = signups.verify(token).owner().username();
            ModelAndView signIn = new ModelAndView("redirect:" + ConsoleSecurityConfiguration.LOGIN);
            signIn.addObject("created", "");
            signIn.addObject("username", username);
            return signIn;
        } catch (InvalidRequestException e) {
            return gone();
        } catch (ConflictException e) {
            ModelAndView page = page("closed");
            page.addObject("alert", e.getMessage());
            page.setStatus(HttpStatus.CONFLICT);
            return page;
        }
    }

    private static ModelAndView gone() {
        ModelAndView page = page("closed");
        page.addObject("alert", "This sign-up link is unknown, used or expired. Sign up again for a new one.");
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }

    private static ModelAndView page(String step) {
        ModelAndView page = new ModelAndView("console/signup");
        page.addObject("step", step);
        return page;
    }
}

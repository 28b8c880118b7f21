package dev.herald.console;

import dev.herald.audit.Audit;
import dev.herald.auth.SecondFactorStep;
import dev.herald.auth.SignInThrottle;
import dev.herald.auth.TotpEnrolment;
import dev.herald.auth.TwoFactor;
import dev.herald.auth.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Two-factor sign-in in the console: after the password, a person with TOTP on is not signed in yet but sent to
 * {@link #CODE} ({@link SecondFactorStep}), where a code of their authenticator app (or a recovery code) finishes the sign-in; wrong codes
 * count in the sign-in throttle; platform administrators finish here too. {@link #SECURITY} is where a person
 * enrols (a secret as a QR code, an otpauth:// URI and in base32, confirmed by a code, then ten recovery codes shown once) or turns it off, and where the owner requires
 * it for the whole account.
 */
@Controller
class TwoFactorPages {

    static final String CODE = SecondFactorStep.CODE_PAGE;
    static final String SECURITY = SecondFactorStep.ENROL_PAGE;
    static final String REQUIRE = SECURITY + "/require";
    static final String PENDING = SecondFactorStep.PENDING;
    static final String MUST_ENROL = SecondFactorStep.MUST_ENROL;

    private final TwoFactor twoFactor;
    private final SecondFactorStep secondFactor;
    private final Users users;
    private final SignInThrottle throttle;
    private final Audit audit;
    private final TransactionTemplate tx;

    TwoFactorPages(TwoFactor twoFactor, SecondFactorStep secondFactor, Users users, SignInThrottle throttle,
                   Audit audit, TransactionTemplate tx) {
        this.twoFactor = twoFactor;
        this.secondFactor = secondFactor;
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.tx = tx;
    }

    @GetMapping(CODE)
    ModelAndView codeForm(HttpServletRequest request) {
        if (pending(request) == null) {
            return new ModelAndView("redirect:" + ConsoleSecurityConfiguration.LOGIN);
        }
        return new ModelAndView("console/two-factor-code");
    }

    @PostMapping(CODE)
    ModelAndView checkCode(HttpServletRequest request, @RequestParam(defaultValue = "") String code) {
        Authentication signedIn = pending(request);
        if (signedIn == null) {
            return new ModelAndView("redirect:" + ConsoleSecurityConfiguration.LOGIN);
        }
        ModelAndView page = new ModelAndView("console/two-factor-code");
        try {
            boolean right = throttle.checkCode(signedIn.getName(), request.getRemoteAddr(),
                    () -> Boolean.TRUE.equals(tx.execute(status -> secondFactor.verify(signedIn, code))));
            if (!right) {
                page.setStatus(HttpStatus.BAD_REQUEST);
                page.addObject("alert", "The code is wrong, expired or used already. Enter the current code of "
                        + "your authenticator app, or a recovery code.");
                return page;
            }
        } catch (LockedException locked) {
            page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
            page.addObject("alert", locked.getMessage());
            return page;
        }
        HttpSession session = request.getSession();
        session.removeAttribute(PENDING);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        // Back to where the sign-in began: a console page, or a partner app's authorize request.
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        SavedRequest saved = cache.getRequest(request, null);
        cache.removeRequest(request, null);
        String home = SecondFactorStep.isAdmin(signedIn) ? AdminAccountsPage.PATH : "/console";
        return new ModelAndView("redirect:" + (saved == null ? home : saved.getRedirectUrl()));
    }

    @GetMapping(SECURITY)
    ModelAndView security(ConsoleUser person) {
        return page(person, null, null, null);
    }

    @PostMapping(SECURITY + "/totp/start")
    ModelAndView start(ConsoleUser person) {
        Users.User user = user(person);
        Optional<TotpEnrolment> enrolment = twoFactor.start(user);
        if (enrolment.isEmpty()) {
            return problem(person, "Two-factor sign-in is on already: turn it off first to enrol a new app.");
        }
        return page(person, enrolment.get(), null, null);
    }

    @PostMapping(SECURITY + "/totp/confirm")
    ModelAndView confirm(ConsoleUser person, HttpServletRequest request, @RequestParam(defaultValue = "") String code) {
        Users.User user = user(person);
        Optional<List<String>> codes = tx.execute(status -> {
            Optional<List<String>> confirmed = twoFactor.confirm(user, code);
            confirmed.ifPresent(c -> audit.record(person.account(), "two-factor.enable", person.username()));
            return confirmed;
        });
        if (codes == null || codes.isEmpty()) {
            ModelAndView page = page(person, twoFactor.pending(user).orElse(null), null,
                    "The code must be the 6-digit code your authenticator app shows now.");
            page.setStatus(HttpStatus.BAD_REQUEST);
            return page;
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(MUST_ENROL);
        }
        return page(person, null, codes.get(), null);
    }

    @PostMapping(SECURITY + "/totp/disable")
    ModelAndView disable(ConsoleUser person, HttpServletRequest request, @RequestParam(defaultValue = "") String code) {
        Users.User user = user(person);
        if (twoFactor.required(person.account())) {
            return problem(person, "The account's owner requires two-factor sign-in: it cannot be turned off.");
        }
        boolean right = throttle.checkCode(person.username(), request.getRemoteAddr(),
                () -> Boolean.TRUE.equals(tx.execute(status -> twoFactor.verify(user, code))));
        if (!right) {
            return problem(person, "The code must be the current code of your authenticator app or a recovery code.");
        }
        tx.executeWithoutResult(status -> {
            twoFactor.disable(user);
            audit.record(person.account(), "two-factor.disable", person.username());
        });
        return new ModelAndView("redirect:" + SECURITY);
    }

    @PostMapping(REQUIRE)
    ModelAndView require(ConsoleUser person, @RequestParam(defaultValue = "false") boolean required) {
        tx.executeWithoutResult(status -> {
            twoFactor.require(person.account(), required);
            audit.record(person.account(), "account.two-factor-required", person.account().value(),
                    Map.of("required", required));
        });
        return new ModelAndView("redirect:" + SECURITY);
    }

    private ModelAndView page(ConsoleUser person, TotpEnrolment enrolment, List<String> recoveryCodes,
                              String alert) {
        Users.User user = user(person);
        ModelAndView page = new ModelAndView("console/security");
        page.addObject("enabled", twoFactor.enabled(user));
        page.addObject("codesLeft", twoFactor.recoveryCodesLeft(user));
        page.addObject("required", twoFactor.required(person.account()));
        page.addObject("owner", person.role() == dev.herald.auth.Role.OWNER);
        page.addObject("enrolment", enrolment);
        page.addObject("qr", enrolment == null ? null : qr(enrolment));
        page.addObject("recoveryCodes", recoveryCodes);
        page.addObject("alert", alert);
        return page;
    }

    /** The enrolment's otpauth:// link as a QR code for the phone's camera. */
    static String qr(TotpEnrolment enrolment) {
        return QrCodeSvg.of(enrolment.uri(), "QR code of the link that adds Herald to an authenticator app");
    }

    private ModelAndView problem(ConsoleUser person, String alert) {
        ModelAndView page = page(person, null, null, alert);
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }

    private Users.User user(ConsoleUser person) {
        return users.find(person.username()).filter(u -> u.account().equals(person.account())).orElseThrow();
    }

    private static Authentication pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(PENDING) instanceof Authentication a ? a : null;
    }
}

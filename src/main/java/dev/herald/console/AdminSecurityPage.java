package dev.herald.console;

import dev.herald.auth.AdminTwoFactor;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.SignInThrottle;
import dev.herald.auth.TotpEnrolment;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The platform administrator's two-factor sign-in: enrol an authenticator app (QR code, link or key, confirmed by
 * a code; then ten recovery codes shown once) or turn it off with a code. Once on, the console's sign-in asks for
 * a code after the password ({@link TwoFactorPages#CODE}) and the administration API for one with every call.
 * An administrator belongs to no account, so the changes go to the log rather than an account's audit log.
 */
@Controller
class AdminSecurityPage {

    static final String PATH = "/console/admin/security";
    private static final Logger log = LoggerFactory.getLogger(AdminSecurityPage.class);

    private final PlatformAdmins admins;
    private final AdminTwoFactor twoFactor;
    private final SignInThrottle throttle;

    AdminSecurityPage(PlatformAdmins admins, AdminTwoFactor twoFactor, SignInThrottle throttle) {
        this.admins = admins;
        this.twoFactor = twoFactor;
        this.throttle = throttle;
    }

    @GetMapping(PATH)
    ModelAndView security(Authentication signedIn) {
        return page(admin(signedIn), null, null, null);
    }

    @PostMapping(PATH + "/totp/start")
    ModelAndView start(Authentication signedIn) {
        PlatformAdmins.Admin admin = admin(signedIn);
        Optional<TotpEnrolment> enrolment = twoFactor.start(admin);
        if (enrolment.isEmpty()) {
            return problem(admin, "Two-factor sign-in is on already: turn it off first to enrol a new app.");
        }
        return page(admin, enrolment.get(), null, null);
    }

    @PostMapping(PATH + "/totp/confirm")
    ModelAndView confirm(Authentication signedIn, @RequestParam(defaultValue = "") String code) {
        PlatformAdmins.Admin admin = admin(signedIn);
        Optional<List<String>> codes = twoFactor.confirm(admin, code);
        if (codes.isEmpty()) {
            ModelAndView page = page(admin, twoFactor.pending(admin).orElse(null), null,
                    "The code must be the 6-digit code your authenticator app shows now.");
            page.setStatus(HttpStatus.BAD_REQUEST);
            return page;
        }
        log.info("Platform administrator {} turned two-factor sign-in on", admin.email());
        return page(admin, null, codes.get(), null);
    }

    @PostMapping(PATH + "/totp/disable")
    ModelAndView disable(Authentication signedIn, HttpServletRequest request, @RequestParam(defaultValue = "") String code) {
        PlatformAdmins.Admin admin = admin(signedIn);
        try {
            if (!throttle.checkCode(admin.email(), request.getRemoteAddr(), () -> twoFactor.verify(admin, code))) {
                return problem(admin, "The code must be the current code of your authenticator app or a recovery code.");
            }
        } catch (LockedException locked) {
            ModelAndView page = problem(admin, locked.getMessage());
            page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
            return page;
        }
        twoFactor.disable(admin);
        log.info("Platform administrator {} turned two-factor sign-in off", admin.email());
        return new ModelAndView("redirect:" + PATH);
    }

    private ModelAndView page(PlatformAdmins.Admin admin, TotpEnrolment enrolment, List<String> recoveryCodes,
                              String alert) {
        ModelAndView page = new ModelAndView("console/admin-security");
        page.addObject("admin", admin.email());
        page.addObject("enabled", twoFactor.enabled(admin));
        page.addObject("codesLeft", twoFactor.recoveryCodesLeft(admin));
        page.addObject("enrolment", enrolment);
        page.addObject("qr", enrolment == null ? null : TwoFactorPages.qr(enrolment));
        page.addObject("recoveryCodes", recoveryCodes);
        page.addObject("alert", alert);
        return page;
    }

    private ModelAndView problem(PlatformAdmins.Admin admin, String alert) {
        ModelAndView page = page(admin, null, null, alert);
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }

    private PlatformAdmins.Admin admin(Authentication signedIn) {
        return admins.find(signedIn.getName()).orElseThrow();
    }
}

package dev.herald.console;

import dev.herald.account.RetentionSetting;
import dev.herald.sso.SsoConnection;
import dev.herald.sso.SsoDomains;
import dev.herald.sso.SsoSettings;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.TryLaterException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The account's settings that owners and admins change ({@code RIGHT_SETTINGS}, checked by the console's chain):
 * how long message content is kept, and single sign-on with the account's OpenID Connect provider (with the DNS
 * record that proves each domain, and a button to check it). Everyone of the account may read them.
 */
@Controller
class AccountSettingsPage {

    static final String PATH = "/console/settings";

    private final RetentionSetting retention;
    private final SsoSettings sso;
    private final SsoDomains domains;

    AccountSettingsPage(RetentionSetting retention, SsoSettings sso, SsoDomains domains) {
        this.retention = retention;
        this.sso = sso;
        this.domains = domains;
    }

    @GetMapping(PATH)
    String show(ConsoleUser user, Model model) {
        model.addAttribute("retentionDays", retention.days(user.account()));
        model.addAttribute("minDays", RetentionSetting.MIN_DAYS);
        model.addAttribute("maxDays", RetentionSetting.MAX_DAYS);
        SsoConnection connection = sso.find(user.account()).orElse(null);
        model.addAttribute("sso", connection);
        model.addAttribute("domains", connection == null ? "" : String.join(", ", connection.domains()));
        model.addAttribute("roles", List.of("viewer", "operator", "developer", "admin"));
        model.addAttribute("account", user.account().value());
        return "console/settings";
    }

    @PostMapping(PATH + "/retention")
    String retention(ConsoleUser user, @RequestParam(defaultValue = "") String retentionDays, RedirectAttributes flash) {
        return act(flash, () -> {
            Object days;
            try {
                days = Integer.valueOf(retentionDays.strip());
            } catch (NumberFormatException e) {
                days = retentionDays;
            }
            retention.set(user.account(), days);
            return "Message content is now kept for " + days + " days.";
        });
    }

    @PostMapping(PATH + "/sso")
    String sso(ConsoleUser user, @RequestParam(defaultValue = "") String issuer,
               @RequestParam(defaultValue = "") String clientId, @RequestParam(defaultValue = "") String clientSecret,
               @RequestParam(defaultValue = "") String domains, @RequestParam(defaultValue = "viewer") String defaultRole,
               RedirectAttributes flash) {
        return act(flash, () -> {
            List<String> list = Arrays.stream(domains.split("[,\\s]+")).filter(d -> !d.isBlank()).limit(100).toList();
            SsoConnection saved = sso.save(user.account(),
                    new SsoSettings.Change(issuer, clientId, clientSecret, list, defaultRole));
            List<String> waiting = saved.domainVerification().stream().filter(d -> !d.verified())
                    .map(SsoConnection.Domain::domain).toList();
            return "Single sign-on is saved for " + String.join(", ", saved.domains()) + "."
                    + (waiting.isEmpty() ? "" : " Add the DNS record shown for " + String.join(", ", waiting)
                    + ", then verify: until then nobody of " + (waiting.size() == 1 ? "it" : "them") + " signs in.");
        });
    }

    @PostMapping(PATH + "/sso/verify")
    String verifyDomain(ConsoleUser user, @RequestParam(defaultValue = "") String domain, RedirectAttributes flash) {
        return act(flash, () -> "The domain " + domains.verify(user.account(), domain).domain()
                + " is verified: its people sign in through the identity provider.");
    }

    @GetMapping(PATH + "/sso/delete")
    String confirmSsoOff(ConsoleUser user, Model model) {
        return new Confirmation("Turn single sign-on off?",
                "People of the account's domains can no longer sign in through their identity provider; those "
                        + "without a password need a reset link first. The provider's settings are deleted.",
                "Turn it off", PATH + "/sso/delete", PATH).show(model, "security", null);
    }

    @PostMapping(PATH + "/sso/delete")
    String ssoOff(ConsoleUser user, @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask(PATH + "/sso/delete");
        }
        return act(flash, () -> {
            sso.delete(user.account());
            return "Single sign-on is off; people sign in with a password (after a reset link).";
        });
    }

    private static String act(RedirectAttributes flash, Supplier<String> change) {
        try {
            flash.addFlashAttribute("notice", change.get());
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("alert", e.problems().stream().map(p -> p.field() + " " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElse("Please check the form."));
        } catch (ConflictException | dev.herald.web.NotFoundException | TryLaterException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:" + PATH;
    }
}

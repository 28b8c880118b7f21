package dev.herald.console;

import dev.herald.admin.AccountLifecycle;
import dev.herald.admin.AccountView;
import dev.herald.auth.AccountId;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The platform administrator's console: every account, a form to create one, suspend, resume, delete. */
@Controller
class AdminAccountsPage {

    static final String PATH = "/console/admin/accounts";

    private final AccountLifecycle lifecycle;

    AdminAccountsPage(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @GetMapping({"/console/admin", PATH})
    String list(Authentication admin, Model model) {
        model.addAttribute("accounts", lifecycle.list());
        model.addAttribute("admin", admin.getName());
        return "console/admin-accounts";
    }

    @PostMapping(PATH)
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String timeZone,
                  @RequestParam(defaultValue = "") String ownerEmail, RedirectAttributes flash) {
        try {
            AccountLifecycle.Created created = lifecycle.create(name, timeZone, ownerEmail);
            flash.addFlashAttribute("notice", "The account " + created.account().name() + " is created"
                    + (created.owner() == null ? "." : "; its owner " + created.owner().email() + " is invited."));
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("alert", e.problems().stream().map(p -> p.field() + " " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElse("Please check the form."));
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:" + PATH;
    }

    @GetMapping(PATH + "/{id}/delete")
    String confirmDelete(@PathVariable UUID id, Model model) {
        AccountView account = lifecycle.get(new AccountId(id));
        return new Confirmation("Delete the account «" + account.name() + "»?",
                "Everything it holds is erased: its people, tokens, contacts, templates, messages and settings. "
                        + "This cannot be undone; suspend it instead to only stop it.",
                "Delete the account", PATH + "/" + id + "/delete", PATH).show(model, "admin", null);
    }

    @PostMapping(PATH + "/{id}/{action:suspend|resume|delete}")
    String change(@PathVariable UUID id, @PathVariable String action,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (action.equals("delete") && !Confirmation.given(confirmed)) {
            return Confirmation.ask(PATH + "/" + id + "/delete");
        }
        AccountId account = new AccountId(id);
        try {
            switch (action) {
                case "suspend" -> lifecycle.suspend(account);
                case "resume" -> lifecycle.resume(account);
                default -> lifecycle.delete(account);
            }
            flash.addFlashAttribute("notice", switch (action) {
                case "suspend" -> "The account is suspended: its tokens and sessions no longer work.";
                case "resume" -> "The account is active again.";
                default -> "The account is deleted; its data is being erased.";
            });
        } catch (ConflictException | NotFoundException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:" + PATH;
    }
}

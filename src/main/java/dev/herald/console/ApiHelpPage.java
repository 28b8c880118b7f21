package dev.herald.console;

import dev.herald.auth.ApiTokens;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "API help": the account's tokens (a new one is shown once, right after it is created), revoking one, and
 * curl examples ready to copy with this server's address.
 */
@Controller
class ApiHelpPage {

    private static final int MAX_NAME = 100;

    private final ApiTokens tokens;

    ApiHelpPage(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/console/api")
    String help(ConsoleUser user, Model model) {
        model.addAttribute("tokens", tokens.list(user.account()));
        model.addAttribute("base", ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
        if (!model.containsAttribute("tokenName")) {
            model.addAttribute("tokenName", "");
        }
        return "console/api";
    }

    @PostMapping("/console/api/tokens")
    String create(ConsoleUser user, @RequestParam(defaultValue = "") String name, RedirectAttributes flash) {
        String chosen = name.strip();
        if (chosen.isEmpty() || chosen.length() > MAX_NAME) {
            flash.addFlashAttribute("nameError", "Give the token a name of 1 to " + MAX_NAME
                    + " characters, e.g. the system that will use it.");
            flash.addFlashAttribute("tokenName", name);
            return "redirect:/console/api";
        }
        flash.addFlashAttribute("issued", tokens.issue(user.account(), chosen));
        return "redirect:/console/api";
    }

    @PostMapping("/console/api/tokens/{id}/revoke")
    String revoke(ConsoleUser user, @PathVariable UUID id, RedirectAttributes flash) {
        if (tokens.revoke(user.account(), id)) {
            flash.addFlashAttribute("notice", "The token is revoked: requests with it are refused from now on.");
        } else {
            flash.addFlashAttribute("alert", "That token was already revoked.");
        }
        return "redirect:/console/api";
    }
}

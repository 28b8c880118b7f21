package dev.herald.console;

import dev.herald.auth.ApiTokens;
import java.util.List;
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

    /** A command to copy, with the title above it. */
    record Example(String id, String title, String command) {}

    @GetMapping("/console/api")
    String help(ConsoleUser user, Model model) {
        model.addAttribute("tokens", tokens.list(user.account()));
        model.addAttribute("examples", examples(ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()));
        if (!model.containsAttribute("tokenName")) {
            model.addAttribute("tokenName", "");
        }
        return "console/api";
    }

    private static List<Example> examples(String base) {
        String auth = "-H \"Authorization: Bearer $TOKEN\"";
        return List.of(
                new Example("send", "Send an SMS, falling back to e-mail", """
                        curl -X POST %s/api/v1/messages %s \\
                          -H 'Content-Type: application/json' \\
                          -d '{"messages": [{"channels": {"sms": {"text": "Your code is 1234"},
                                "email": {"subject": "Your code", "text": "Your code is 1234"}},
                                "destinations": [{"phone": "79001234567", "email": "ivan@example.com"}]}]}'"""
                        .formatted(base, auth)),
                new Example("get", "Follow a message and its status history",
                        "curl %s/api/v1/messages/MESSAGE_ID %s".formatted(base, auth)),
                new Example("task", "Send a spreadsheet as a send task", """
                        curl -X POST %s/api/v1/tasks %s \\
                          -F 'task={"name": "Promo", "channels": {"sms": {"text": "10%% off today"}}};type=application/json' \\
                          -F file=@recipients.csv
                        curl -X POST %s/api/v1/tasks/TASK_ID/start %s""".formatted(base, auth, base, auth)),
                new Example("stats", "Message statistics", """
                        curl '%s/api/v1/statistics/messaging/messages?fields=id,status,channel,destination&limit=10' %s"""
                        .formatted(base, auth)));
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

    @GetMapping("/console/api/tokens/{id}/revoke")
    String confirmRevoke(ConsoleUser user, @PathVariable UUID id, Model model) {
        ApiTokens.TokenInfo token = tokens.list(user.account()).stream()
                .filter(t -> t.id().equals(id) && t.revokedAt() == null).findFirst()
                .orElseThrow(() -> new dev.herald.web.NotFoundException("No active token " + id + " in this account."));
        return new Confirmation("Revoke the token «" + token.name() + "» (…" + token.hint() + ")?",
                "Every request made with it is refused from then on: whatever system uses it stops sending until it "
                        + "gets a new token. This cannot be undone.",
                "Revoke", "/console/api/tokens/" + id + "/revoke", "/console/api").show(model, "api", null);
    }

    @PostMapping("/console/api/tokens/{id}/revoke")
    String revoke(ConsoleUser user, @PathVariable UUID id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/api/tokens/" + id + "/revoke");
        }
        if (tokens.revoke(user.account(), id)) {
            flash.addFlashAttribute("notice", "The token is revoked: requests with it are refused from now on.");
        } else {
            flash.addFlashAttribute("alert", "That token was already revoked.");
        }
        return "redirect:/console/api";
    }
}

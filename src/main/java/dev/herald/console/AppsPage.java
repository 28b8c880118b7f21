package dev.herald.console;

import dev.herald.contact.TelegramApps;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Apps: Telegram bots connected by their BotFather token (checked with Telegram's getMe), each with its
 * app_uuid and how many people subscribed by pressing Start.
 */
@Controller
class AppsPage {

    private final TelegramApps apps;

    AppsPage(TelegramApps apps) {
        this.apps = apps;
    }

    @GetMapping("/console/apps")
    String list(ConsoleUser user, Model model) {
        return page(user, model, "", true, Map.of());
    }

    private String page(ConsoleUser user, Model model, String name, boolean receiveUpdates, Map<String, String> errors) {
        model.addAttribute("apps", apps.list(user.account().value()));
        model.addAttribute("name", name);
        model.addAttribute("receiveUpdates", receiveUpdates);
        model.addAttribute("errors", errors);
        return "console/apps";
    }

    @PostMapping("/console/apps")
    String connect(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                   @RequestParam(defaultValue = "") String token,
                   @RequestParam(required = false) String receiveUpdates, Model model, RedirectAttributes flash) {
        boolean updates = "on".equals(receiveUpdates);
        try {
            TelegramApps.TelegramApp app = apps.connect(user.account().value(), name.isBlank() ? null : name.strip(),
                    token.strip(), null, updates, null);
            flash.addFlashAttribute("notice", "Connected the bot"
                    + (app.bot() == null ? "" : " @" + app.bot().username()) + ".");
            return "redirect:/console/apps";
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> errors.merge(p.field().equals("name") || p.field().equals("token")
                    ? p.field() : "form", p.message(), (a, b) -> a + "; " + b));
            return page(user, model, name, updates, errors);
        }
    }

    @GetMapping("/console/apps/{id}/disconnect")
    String confirmDisconnect(ConsoleUser user, @PathVariable String id, Model model) {
        UUID appId = appId(id);
        TelegramApps.TelegramApp app = apps.list(user.account().value()).stream()
                .filter(a -> a.stored().connection().id().equals(appId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No app " + id + " in this account."));
        return new Confirmation("Disconnect the bot «" + app.stored().connection().name() + "»?",
                "Herald stops using it, and the tokens of its "
                        + Plural.of(app.subscribers(), "subscriber", "subscribers")
                        + " are removed from their contacts. This cannot be undone: connecting it again starts with "
                        + "no subscribers.",
                "Disconnect", "/console/apps/" + appId + "/disconnect", "/console/apps").show(model, "apps", null);
    }

    @PostMapping("/console/apps/{id}/disconnect")
    String disconnect(ConsoleUser user, @PathVariable String id,
                      @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                      RedirectAttributes flash) {
        UUID appId = appId(id);
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/apps/" + appId + "/disconnect");
        }
        apps.disconnect(user.account().value(), appId);
        flash.addFlashAttribute("notice", "The bot was disconnected; its subscribers' tokens were removed.");
        return "redirect:/console/apps";
    }

    private static UUID appId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No app " + id + " in this account.");
        }
    }
}

package dev.herald.console;

import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.widget.WidgetSettings;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * A chat's web widget ("frame code"): the snippet to paste into the site, whether it works, and the sites allowed
 * to embed it (see docs/chats.md, "Web chat widget").
 */
@Controller
class ChatWidgetPage {

    private final Chats chats;
    private final WidgetSettings settings;

    ChatWidgetPage(Chats chats, WidgetSettings settings) {
        this.chats = chats;
        this.settings = settings;
    }

    @GetMapping("/console/chats/{id}/widget")
    String widget(ConsoleUser user, @PathVariable String id, Model model) {
        UUID chatId = parse(id);
        WidgetSettings.WidgetView widget = settings.find(user.account(), chatId);
        return page(model, chat(user, chatId), widget, String.join("\n", widget.allowedOrigins()),
                widget.title() == null ? "" : widget.title(), Map.of());
    }

    @PostMapping("/console/chats/{id}/widget")
    String save(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "") String allowedOrigins,
                @RequestParam(defaultValue = "") String title, Model model, RedirectAttributes flash) {
        UUID chatId = parse(id);
        List<String> origins = Arrays.stream(allowedOrigins.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
        try {
            WidgetSettings.WidgetView saved = settings.save(user.account(), chatId, origins, title);
            flash.addFlashAttribute("notice", saved.enabled() ? "Saved. The widget works on the allowed sites."
                    : "Saved. The widget does not work yet: " + String.join(" ", saved.problems()));
            return "redirect:/console/chats/" + chatId + "/widget";
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> errors.merge(p.field().startsWith("allowedOrigins") ? "allowedOrigins" : p.field(),
                    p.message(), (a, b) -> a + "; " + b));
            return page(model, chat(user, chatId), settings.find(user.account(), chatId), allowedOrigins, title, errors);
        }
    }

    private static String page(Model model, Chat chat, WidgetSettings.WidgetView widget, String origins, String title,
                               Map<String, String> errors) {
        model.addAttribute("chat", chat);
        model.addAttribute("widget", widget);
        model.addAttribute("originsText", origins);
        model.addAttribute("titleText", title);
        model.addAttribute("errors", errors);
        return "console/chat-widget";
    }

    private Chat chat(ConsoleUser user, UUID chatId) {
        return chats.find(user.account(), chatId)
                .orElseThrow(() -> new NotFoundException("No chat " + chatId + " in this account."));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No chat " + id + " in this account.");
        }
    }
}

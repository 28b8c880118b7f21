package dev.herald.chat.widget;

import dev.herald.auth.AccountId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A chat's web widget: its snippet and the sites allowed to embed it. */
@RestController
@RequestMapping("/api/v1/chats/{chatId}/widget")
@Tag(name = "Chats", description = "Chats, bots and chat sessions. API group: full.")
class WidgetController {

    private final WidgetSettings settings;

    WidgetController(WidgetSettings settings) {
        this.settings = settings;
    }

    /**
     * @param allowedOrigins the origins (scheme://host[:port]) of the pages that embed the widget; [] turns it off
     * @param title          the widget's heading; the chat's name when absent
     */
    record WidgetRequest(List<String> allowedOrigins, String title) {}

    @GetMapping
    @Operation(summary = "The chat's web widget: its snippet, allowed origins and whether it works")
    WidgetSettings.WidgetView get(AccountId account, @PathVariable UUID chatId) {
        return settings.find(account, chatId);
    }

    @PutMapping
    @Operation(summary = "Set the sites allowed to embed the chat's web widget")
    WidgetSettings.WidgetView put(AccountId account, @PathVariable UUID chatId, @RequestBody WidgetRequest request) {
        if (request == null) {
            return settings.save(account, chatId, null, null);
        }
        return settings.save(account, chatId, request.allowedOrigins(), request.title());
    }
}

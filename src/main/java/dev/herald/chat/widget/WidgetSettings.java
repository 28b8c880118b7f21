package dev.herald.chat.widget;

import dev.herald.auth.AccountId;
import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PublicBaseUrl;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/** A chat's widget as the account sets it up (API and console): its allowed origins, title and snippet. */
@Service
public class WidgetSettings {

    static final int MAX_ORIGINS = 50;
    static final int MAX_TITLE = 100;

    private final Chats chats;
    private final ChatWidgets widgets;
    private final PublicBaseUrl baseUrl;
    private final Clock clock;

    WidgetSettings(Chats chats, ChatWidgets widgets, PublicBaseUrl baseUrl, Clock clock) {
        this.chats = chats;
        this.widgets = widgets;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * @param enabled  whether the snippet works: some allowed origin, and the chat is on the WEB messenger
     * @param problems why it does not, when it does not
     * @param snippet  the HTML to paste into the site's pages: a launcher button and the chat window
     * @param frameSnippet the same chat as an iframe, where the site places it
     */
    public record WidgetView(UUID chatId, boolean enabled, List<String> allowedOrigins, String title,
                             String scriptUrl, String snippet, String frameUrl, String frameSnippet,
                             List<String> problems, Instant updatedAt) {}

    public WidgetView find(AccountId account, UUID chatId) {
        Chat chat = chat(account, chatId);
        return view(chat, widgets.find(account, chatId));
    }

    /** Replaces the widget's settings; 400 naming each bad field. */
    public WidgetView save(AccountId account, UUID chatId, List<String> allowedOrigins, String title) {
        Chat chat = chat(account, chatId);
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> origins = new LinkedHashSet<>();
        if (allowedOrigins == null) {
            problems.add(new FieldProblem("allowedOrigins", "is required: the origins of the pages that embed the "
                    + "widget, e.g. [\"https://shop.example\"]; [] turns the widget off"));
        } else if (allowedOrigins.size() > MAX_ORIGINS) {
            problems.add(new FieldProblem("allowedOrigins", "at most " + MAX_ORIGINS + " origins"));
        } else {
            for (int i = 0; i < allowedOrigins.size(); i++) {
                Optional<String> origin = Origins.canonical(allowedOrigins.get(i));
                if (origin.isEmpty()) {
                    problems.add(new FieldProblem("allowedOrigins[" + i + "]", "must be an origin: scheme (http or "
                            + "https), host and port only, like https://shop.example; '" + allowedOrigins.get(i)
                            + "' is not one"));
                } else {
                    origins.add(origin.get());
                }
            }
        }
        String cleanTitle = title == null || title.isBlank() ? null : title.strip();
        if (cleanTitle != null && cleanTitle.length() > MAX_TITLE) {
            problems.add(new FieldProblem("title", "must be at most " + MAX_TITLE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return view(chat, Optional.of(widgets.save(account, chatId, List.copyOf(origins), cleanTitle, clock.instant())));
    }

    private Chat chat(AccountId account, UUID chatId) {
        return chats.find(account, chatId).orElseThrow(() -> new NotFoundException("No chat " + chatId));
    }

    private WidgetView view(Chat chat, Optional<ChatWidgets.Widget> widget) {
        List<String> origins = widget.map(ChatWidgets.Widget::allowedOrigins).orElse(List.of());
        List<String> problems = new ArrayList<>();
        if (chat.messenger(MessengerType.WEB).isEmpty()) {
            problems.add("The chat is not on the WEB messenger: add {\"messengerType\": \"WEB\"} to its messengers "
                    + "(PUT /api/v1/chats/" + chat.id() + ")");
        }
        if (origins.isEmpty()) {
            problems.add("No allowed origins: set the origins of the pages that embed the widget");
        }
        String scriptUrl = baseUrl.resolve("/widget/v1/widget.js");
        String snippet = "<script src=\"" + HtmlUtils.htmlEscape(scriptUrl) + "\" data-herald-chat=\"" + chat.id()
                + "\" async></script>";
        String title = widget.map(ChatWidgets.Widget::title).orElse(null);
        String frameUrl = baseUrl.resolve("/widget/v1/chats/" + chat.id() + "/frame");
        String frameSnippet = "<iframe src=\"" + HtmlUtils.htmlEscape(frameUrl) + "\" title=\""
                + HtmlUtils.htmlEscape(title != null ? title : chat.name()) + "\" width=\"360\" height=\"520\""
                + " loading=\"lazy\"></iframe>";
        return new WidgetView(chat.id(), problems.isEmpty(), origins, title, scriptUrl, snippet, frameUrl, frameSnippet,
                problems, widget.map(ChatWidgets.Widget::updatedAt).orElse(null));
    }
}

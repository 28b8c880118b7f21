package dev.herald.console;

import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.session.ChatSessionQueries;
import dev.herald.web.Paging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operators' inbox: the sessions handed to a person, the latest activity first, each with how many of the
 * client's messages wait unanswered; refreshing itself while open. Answering, closing and handing back to the bot
 * happen on the session's page ({@link ChatsPage}).
 */
@Controller
class InboxPage {

    private static final int PAGE_SIZE = 50;

    private final ChatSessionQueries sessions;
    private final Chats chats;

    InboxPage(ChatSessionQueries sessions, Chats chats) {
        this.sessions = sessions;
        this.chats = chats;
    }

    @GetMapping("/console/inbox")
    String inbox(ConsoleUser user, @RequestParam(defaultValue = "0") int page,
                 @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        int current = Math.max(0, page);
        List<ChatSessionQueries.Waiting> waiting = sessions.waiting(user.account(), new Paging(current, PAGE_SIZE));
        long count = sessions.countWaiting(user.account());
        Map<UUID, String> chatNames = new LinkedHashMap<>();
        waiting.stream().map(w -> w.session().chatId()).distinct().forEach(id ->
                chats.find(user.account(), id).map(Chat::name).ifPresent(name -> chatNames.put(id, name)));
        model.addAttribute("waiting", waiting);
        model.addAttribute("count", count);
        model.addAttribute("unread", waiting.stream().mapToLong(ChatSessionQueries.Waiting::unread).sum());
        model.addAttribute("chatNames", chatNames);
        model.addAttribute("page", current);
        model.addAttribute("pages", (count + PAGE_SIZE - 1) / PAGE_SIZE);
        return htmx == null ? "console/inbox" : "console/inbox :: queue";
    }
}

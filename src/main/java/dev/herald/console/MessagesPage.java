package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.channel.Channel;
import dev.herald.delivery.MessageStatus;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.messaging.MessageView;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The message log: search by recipient, status, channel, a campaign's name and days, newest or oldest first, with
 * each message's text (see {@link MessageSearch}); one message with its status timeline.
 */
@Controller
class MessagesPage {

    private static final int PAGE_SIZE = 50;

    private final MessageQueries queries;
    private final CampaignNames names;
    private final Accounts accounts;

    MessagesPage(MessageQueries queries, CampaignNames names, Accounts accounts) {
        this.queries = queries;
        this.names = names;
        this.accounts = accounts;
    }

    @GetMapping("/console/messages")
    String search(ConsoleUser user, Model model, @RequestParam Map<String, String> request,
                  @RequestParam(defaultValue = "0") int page) {
        MessageSearch search = MessageSearch.parse(request, user.account(), accounts.timeZone(user.account()), names);
        model.addAllAttributes(search.params());
        model.addAttribute("errors", search.errors());
        model.addAttribute("campaigns", search.campaigns().values().stream().distinct().toList());
        model.addAttribute("bulkName", search.filter() == null || search.params().get("bulk").isEmpty() ? null
                : names.name(user.account(), UUID.fromString(search.params().get("bulk"))).orElse(null));
        model.addAttribute("query", search.query());
        List<String> statuses = new java.util.ArrayList<>(Arrays.stream(MessageStatus.values()).map(Enum::name).toList());
        if (!search.params().get("status").isEmpty() && !statuses.contains(search.params().get("status"))) {
            statuses.addFirst(search.params().get("status")); // a dashboard link's list, e.g. DELIVERED,READ,CLICKED
        }
        model.addAttribute("statuses", statuses);
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(Channel::key).toList());
        if (!search.errors().isEmpty()) {
            model.addAttribute("messages", List.of());
            model.addAttribute("texts", Map.of());
            model.addAttribute("count", 0L);
            model.addAttribute("page", 0);
            model.addAttribute("pages", 0L);
            return "console/messages";
        }
        long count = queries.count(user.account(), search.filter());
        int current = Math.max(0, page);
        List<MessageView> messages = queries.list(user.account(), search.filter(), new Paging(current, PAGE_SIZE),
                search.order());
        model.addAttribute("messages", messages);
        model.addAttribute("texts", queries.texts(user.account(), messages.stream().map(MessageView::id).toList()));
        model.addAttribute("count", count);
        model.addAttribute("page", current);
        model.addAttribute("pages", (count + PAGE_SIZE - 1) / PAGE_SIZE);
        return "console/messages";
    }

    @GetMapping("/console/messages/{id}")
    String message(ConsoleUser user, @PathVariable String id, Model model) {
        UUID messageId = parse(id);
        MessageView message = queries.find(user.account(), messageId)
                .orElseThrow(() -> new NotFoundException("No message " + id + " in this account."));
        model.addAttribute("message", message);
        model.addAttribute("content", queries.content(user.account(), messageId).orElse(Map.of()));
        model.addAttribute("cascade", queries.list(user.account(),
                new MessageFilter(null, null, message.flowId(), null, null, null, null), new Paging(0, 20)));
        return "console/message";
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No message " + id + " in this account.");
        }
    }
}

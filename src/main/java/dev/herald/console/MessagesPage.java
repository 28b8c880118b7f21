package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.delivery.MessageStatus;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.messaging.MessageView;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The message log: search by recipient, status, channel and bulk; one message with its status timeline. */
@Controller
class MessagesPage {

    private static final int PAGE_SIZE = 50;

    private final MessageQueries queries;

    MessagesPage(MessageQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/console/messages")
    String search(ConsoleUser user, Model model,
                  @RequestParam(defaultValue = "") String recipient,
                  @RequestParam(defaultValue = "") String status,
                  @RequestParam(defaultValue = "") String channel,
                  @RequestParam(defaultValue = "") String bulk,
                  @RequestParam(defaultValue = "0") int page) {
        Map<String, String> errors = new LinkedHashMap<>();
        Set<MessageStatus> statuses = null;
        Set<Channel> channels = null;
        UUID bulkId = null;
        try {
            statuses = MessageFilter.parseStatuses(status);
        } catch (InvalidRequestException e) {
            errors.put("status", e.problems().getFirst().message());
        }
        try {
            channels = MessageFilter.parseChannels(channel);
        } catch (InvalidRequestException e) {
            errors.put("channel", e.problems().getFirst().message());
        }
        if (!bulk.isBlank()) {
            try {
                bulkId = UUID.fromString(bulk.strip());
            } catch (IllegalArgumentException e) {
                errors.put("bulk", "A bulk id looks like 3f1c2a9e-…: copy it from a message or a task.");
            }
        }
        if (recipient.length() > 320) {
            errors.put("recipient", "At most 320 characters.");
        }
        model.addAttribute("recipient", recipient);
        model.addAttribute("status", status);
        model.addAttribute("channel", channel);
        model.addAttribute("bulk", bulk);
        model.addAttribute("errors", errors);
        model.addAttribute("statuses", Arrays.stream(MessageStatus.values()).map(Enum::name).toList());
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(Channel::key).toList());
        if (!errors.isEmpty()) {
            model.addAttribute("messages", List.of());
            model.addAttribute("count", 0L);
            model.addAttribute("page", 0);
            model.addAttribute("pages", 0L);
            return "console/messages";
        }
        MessageFilter filter = new MessageFilter(bulkId, null, null, channels, statuses, null, null,
                recipient.isBlank() ? null : recipient);
        long count = queries.count(user.account(), filter);
        int current = Math.max(0, page);
        model.addAttribute("messages", queries.list(user.account(), filter, new Paging(current, PAGE_SIZE)));
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

package dev.herald.console;

import dev.herald.chat.Chat;
import dev.herald.chat.ChatEditor;
import dev.herald.chat.Chats;
import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.Bots;
import dev.herald.chat.session.ChatSessionQueries;
import dev.herald.chat.session.SessionFilter;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating, editing and deleting a chat: its name, its bot, and which messenger connection serves each messenger
 * type (the form lists every {@link MessengerType} and, for each, the sandbox and the account's connections of
 * its channel). Checked by {@link ChatEditor} like the API, each problem shown next to its field.
 */
@Controller
class ChatEditPage {

    private static final Pattern MESSENGER_FIELD = Pattern.compile("^messengers\\[(\\d+)]");
    private static final int MAX_BOTS = 1000;

    private final ChatEditor editor;
    private final Chats chats;
    private final Bots bots;
    private final ProviderConnections connections;
    private final ChatSessionQueries sessions;

    ChatEditPage(ChatEditor editor, Chats chats, Bots bots, ProviderConnections connections,
                 ChatSessionQueries sessions) {
        this.editor = editor;
        this.chats = chats;
        this.bots = bots;
        this.connections = connections;
        this.sessions = sessions;
    }

    /** One choice of a select: what is posted and what the person reads. */
    record Option(String value, String label) {}

    /**
     * One messenger type of the chat.
     *
     * @param provider what serves it: empty (not used), {@code sandbox} or a connection's id
     */
    record MessengerRow(String type, String provider, List<Option> options, String hint, String error) {

        public boolean isUsed() {
            return !provider.isEmpty();
        }
    }

    /** What the form shows; {@code first} is the messenger type clients the chat has not talked to yet get. */
    record Form(String id, String name, String botId, String first, List<MessengerRow> rows) {}

    @GetMapping("/console/chats/new")
    String create(ConsoleUser user, Model model) {
        Map<String, String> chosen = new LinkedHashMap<>();
        chosen.put(MessengerType.values()[0].name(), Chat.Messenger.SANDBOX);
        return form(user, model, new Form("", "", "", MessengerType.values()[0].name(),
                rows(user, chosen, Map.of())), Map.of());
    }

    @GetMapping("/console/chats/{id}/edit")
    String edit(ConsoleUser user, @PathVariable String id, Model model) {
        Chat chat = find(user, id);
        Map<String, String> chosen = new LinkedHashMap<>();
        chat.messengers().forEach(m -> chosen.put(m.messengerType().name(), m.provider()));
        String first = chat.messengers().isEmpty() ? "" : chat.messengers().getFirst().messengerType().name();
        return form(user, model, new Form(chat.id().toString(), chat.name(),
                chat.botId() == null ? "" : chat.botId().toString(), first, rows(user, chosen, Map.of())), Map.of());
    }

    @PostMapping("/console/chats")
    String save(ConsoleUser user, @RequestParam MultiValueMap<String, String> posted, Model model,
                RedirectAttributes flash) {
        String id = value(posted, "id");
        String name = value(posted, "name");
        String botId = value(posted, "botId");
        String first = value(posted, "first");
        Map<String, String> chosen = chosen(posted, first);
        List<String> used = new ArrayList<>(chosen.keySet());
        try {
            ChatEditor.ChatRequest request = new ChatEditor.ChatRequest(name, botId.isEmpty() ? null : botId(botId),
                    chosen.entrySet().stream().map(e -> new ChatEditor.MessengerRequest(e.getKey(), e.getValue())).toList());
            Chat saved = id.isEmpty() ? editor.create(user.account(), request)
                    : editor.update(user.account(), uuid(id, "chat"), request);
            flash.addFlashAttribute("notice", "Chat «" + saved.name() + "» saved.");
            return "redirect:/console/chats";
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            Map<String, String> rowErrors = new LinkedHashMap<>();
            e.problems().forEach(p -> {
                Matcher m = MESSENGER_FIELD.matcher(p.field());
                if (m.find() && Integer.parseInt(m.group(1)) < used.size()) {
                    rowErrors.merge(used.get(Integer.parseInt(m.group(1))), p.message(), (a, b) -> a + "; " + b);
                } else {
                    String field = p.field().equals("name") || p.field().equals("botId") ? p.field() : "messengers";
                    errors.merge(field, p.message(), (a, b) -> a + "; " + b);
                }
            });
            // The rows come back in the order the person left them, with what they chose.
            Map<String, String> shown = new LinkedHashMap<>();
            List<String> types = posted.getOrDefault("type", List.of());
            List<String> providers = posted.getOrDefault("provider", List.of());
            for (int i = 0; i < types.size(); i++) {
                shown.put(types.get(i), i < providers.size() ? providers.get(i).strip() : "");
            }
            return form(user, model, new Form(id, name, botId, first, rows(user, shown, rowErrors)), errors);
        }
    }

    @GetMapping("/console/chats/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        Chat chat = find(user, id);
        long count = sessions.count(user.account(), new SessionFilter(null, null, chat.id(), null, null));
        return new Confirmation("Delete the chat «" + chat.name() + "»?", count == 0
                ? "It has no sessions yet. This cannot be undone."
                : "Its " + Plural.of(count, "session", "sessions") + " and their dialogues are deleted with it. "
                        + "This cannot be undone.",
                "Delete", "/console/chats/" + chat.id() + "/delete", "/console/chats").show(model, "chats", "chats");
    }

    @PostMapping("/console/chats/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/chats/" + uuid(id, "chat") + "/delete");
        }
        if (editor.delete(user.account(), uuid(id, "chat"))) {
            flash.addFlashAttribute("notice", "The chat was deleted with its sessions.");
        } else {
            flash.addFlashAttribute("alert", "That chat no longer exists.");
        }
        return "redirect:/console/chats";
    }

    private String form(ConsoleUser user, Model model, Form form, Map<String, String> errors) {
        List<Option> botOptions = new ArrayList<>();
        botOptions.add(new Option("", "No bot: operators answer every session"));
        bots.list(user.account(), null, new Paging(0, MAX_BOTS))
                .forEach(b -> botOptions.add(new Option(b.id().toString(), b.name())));
        model.addAttribute("form", form);
        model.addAttribute("bots", botOptions);
        model.addAttribute("errors", errors);
        model.addAttribute("pageTitle", form.id().isEmpty() ? "New chat" : "Chat " + form.name());
        return "console/chat-form";
    }

    /**
     * Every messenger type, those the chat uses first in their order, then the others in the enum's order; each
     * with the sandbox and the account's connections of its channel to choose from.
     */
    private List<MessengerRow> rows(ConsoleUser user, Map<String, String> chosen, Map<String, String> rowErrors) {
        List<ProviderConnections.Stored> all = connections.list(user.account().value(), null, null);
        List<MessengerType> order = new ArrayList<>();
        chosen.keySet().forEach(t -> MessengerType.parse(t).filter(x -> !order.contains(x)).ifPresent(order::add));
        Arrays.stream(MessengerType.values()).filter(t -> !order.contains(t)).forEach(order::add);
        List<MessengerRow> rows = new ArrayList<>();
        for (MessengerType type : order) {
            List<Option> options = new ArrayList<>();
            options.add(new Option("", "Not used"));
            options.add(new Option(Chat.Messenger.SANDBOX, "Sandbox messenger (built in, for trying the bot)"));
            all.stream().map(ProviderConnections.Stored::connection)
                    .filter(c -> type.channel().filter(ch -> ch == c.channel()).isPresent())
                    .forEach(c -> options.add(new Option(c.id().toString(), c.name() + " (" + c.type() + ")")));
            String provider = chosen.getOrDefault(type.name(), "");
            if (!provider.isEmpty() && options.stream().noneMatch(o -> o.value().equals(provider))) {
                options.add(new Option(provider, provider));
            }
            String hint = type.channel()
                    .map(ch -> "The sandbox, or a provider connection of the " + ch.key() + " channel.")
                    .orElse("Only the sandbox serves " + type.name() + " for now.");
            rows.add(new MessengerRow(type.name(), provider, options, hint, rowErrors.get(type.name())));
        }
        return rows;
    }

    /** The used messengers in the form's order, the default one first. */
    private static Map<String, String> chosen(MultiValueMap<String, String> posted, String first) {
        List<String> types = posted.getOrDefault("type", List.of());
        List<String> providers = posted.getOrDefault("provider", List.of());
        Map<String, String> chosen = new LinkedHashMap<>();
        for (int i = 0; i < types.size() && i < providers.size(); i++) {
            String provider = providers.get(i).strip();
            if (!provider.isEmpty() && types.get(i).equals(first)) {
                chosen.put(types.get(i), provider);
            }
        }
        for (int i = 0; i < types.size() && i < providers.size(); i++) {
            String provider = providers.get(i).strip();
            if (!provider.isEmpty()) {
                chosen.putIfAbsent(types.get(i), provider);
            }
        }
        return chosen;
    }

    private Chat find(ConsoleUser user, String id) {
        return chats.find(user.account(), uuid(id, "chat"))
                .orElseThrow(() -> new NotFoundException("No chat " + id + " in this account."));
    }

    private static String value(MultiValueMap<String, String> form, String key) {
        String value = form.getFirst(key);
        return value == null ? "" : value.strip();
    }

    private static UUID botId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("botId", "no bot with this id");
        }
    }

    private static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No " + what + " " + id + " in this account.");
        }
    }
}

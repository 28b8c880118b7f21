package dev.herald.console;

import dev.herald.chat.Chat;
import dev.herald.chat.Chats;
import dev.herald.chat.bot.Bots;
import dev.herald.chat.session.ChatSessionQueries;
import dev.herald.chat.session.OperatorReplies;
import dev.herald.chat.session.SessionFilter;
import dev.herald.chat.session.SessionStatus;
import dev.herald.chat.session.SessionView;
import dev.herald.chat.session.Transcript;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Chats, bots and chat sessions: the chats found by part of their name or their bot's, the bots by part of theirs,
 * a chat's sessions, and one session's dialogue with the results the bot recorded, where an operator can answer
 * the client (see docs/chats.md). Editing chats and bots is {@link ChatEditPage} and {@link BotEditPage}.
 */
@Controller
class ChatsPage {

    private static final int PAGE_SIZE = 50;
    private static final int DIALOGUE_LINES = 500;

    private final Chats chats;
    private final Bots bots;
    private final ChatSessionQueries sessions;
    private final Transcript transcript;
    private final OperatorReplies replies;

    ChatsPage(Chats chats, Bots bots, ChatSessionQueries sessions, Transcript transcript, OperatorReplies replies) {
        this.chats = chats;
        this.bots = bots;
        this.sessions = sessions;
        this.transcript = transcript;
        this.replies = replies;
    }

    /** The list; asked by htmx as the person types, only its results part. */
    @GetMapping("/console/chats")
    String chats(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                 @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        String search = search(name);
        List<Chat> found = chats.list(user.account(), search, new Paging(0, PAGE_SIZE));
        Map<UUID, String> botNames = new LinkedHashMap<>();
        found.stream().map(Chat::botId).filter(java.util.Objects::nonNull).distinct().forEach(id ->
                bots.find(user.account(), id).ifPresent(bot -> botNames.put(id, bot.name())));
        model.addAttribute("chats", found);
        model.addAttribute("count", chats.count(user.account(), search));
        model.addAttribute("botNames", botNames);
        model.addAttribute("name", name);
        return htmx == null ? "console/chats" : "console/chats :: results";
    }

    @GetMapping("/console/bots")
    String bots(ConsoleUser user, @RequestParam(defaultValue = "") String name, Model model) {
        String search = search(name);
        model.addAttribute("bots", bots.list(user.account(), search, new Paging(0, PAGE_SIZE)));
        model.addAttribute("count", bots.count(user.account(), search));
        model.addAttribute("name", name);
        return "console/bots";
    }

    @GetMapping("/console/sessions")
    String sessions(ConsoleUser user, @RequestParam(defaultValue = "") String chat,
                    @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "0") int page,
                    Model model) {
        UUID chatId = chat.isBlank() ? null : parse(chat, "chat");
        SessionStatus parsed = Arrays.stream(SessionStatus.values()).filter(s -> s.name().equalsIgnoreCase(status.strip()))
                .findFirst().orElse(null);
        SessionFilter filter = new SessionFilter(null, null, chatId, null, parsed);
        long count = sessions.count(user.account(), filter);
        int current = Math.max(0, page);
        List<SessionView> found = sessions.list(user.account(), filter, new Paging(current, PAGE_SIZE));
        model.addAttribute("sessions", found);
        Map<UUID, List<ResultRows>> resultRows = new LinkedHashMap<>();
        found.forEach(s -> resultRows.put(s.id(), ResultRows.of(s.dialogResultsFromBotJson())));
        model.addAttribute("resultRows", resultRows);
        model.addAttribute("count", count);
        model.addAttribute("page", current);
        model.addAttribute("pages", (count + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("chat", chatId == null ? null : chats.find(user.account(), chatId).orElse(null));
        model.addAttribute("chatParam", chat);
        model.addAttribute("status", parsed == null ? "" : parsed.name());
        model.addAttribute("statuses", Arrays.stream(SessionStatus.values()).map(Enum::name).toList());
        return "console/sessions";
    }

    @GetMapping("/console/sessions/{id}")
    String session(ConsoleUser user, @PathVariable String id, Model model) {
        UUID sessionId = parse(id, "chat session");
        SessionView session = sessions.find(user.account(), sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + id + " in this account."));
        model.addAttribute("chatSession", session);
        model.addAttribute("chat", session.chatId() == null ? null : chats.find(user.account(), session.chatId()).orElse(null));
        model.addAttribute("resultRows", ResultRows.of(session.dialogResultsFromBotJson()));
        dialogue(user, sessionId, model);
        return "console/session";
    }

    /**
     * The dialogue alone, which the session's page asks for every few seconds while the session is open: 204 when
     * nothing changed since {@code seen}, so that the page (and a screen reader) is left alone.
     */
    @GetMapping("/console/sessions/{id}/dialogue")
    ModelAndView dialogue(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "") String seen,
                          Model model) {
        UUID sessionId = parse(id, "chat session");
        SessionView session = sessions.find(user.account(), sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + id + " in this account."));
        model.addAttribute("chatSession", session);
        String fingerprint = dialogue(user, sessionId, model);
        if (fingerprint.equals(seen)) {
            return new ModelAndView("console/session :: unchanged", HttpStatus.NO_CONTENT);
        }
        return new ModelAndView("console/session :: dialogue");
    }

    /** Puts the dialogue in the model; answers what it looks like now, to tell whether it changed. */
    private String dialogue(ConsoleUser user, UUID sessionId, Model model) {
        List<Transcript.Line> lines = transcript.list(user.account(), sessionId, new Paging(0, DIALOGUE_LINES));
        long count = transcript.count(user.account(), sessionId);
        String fingerprint = Integer.toHexString(java.util.Objects.hash(count,
                model.getAttribute("chatSession") instanceof SessionView s ? s.status() : null,
                lines.stream().map(l -> l.id() + ":" + l.status() + ":" + l.error()).toList()));
        model.addAttribute("lines", lines);
        model.addAttribute("lineCount", count);
        model.addAttribute("fingerprint", fingerprint);
        return fingerprint;
    }

    /** An operator's answer: out through the session's messenger, into its history; the bot stops answering. */
    @PostMapping("/console/sessions/{id}/reply")
    String reply(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "") String text,
                 RedirectAttributes flash) {
        UUID sessionId = parse(id, "chat session");
        try {
            Transcript.Line line = replies.reply(user.account(), sessionId, text);
            if (line.status() == Transcript.Status.FAILED) {
                flash.addFlashAttribute("alert", "The messenger refused the answer: " + line.error());
            } else {
                flash.addFlashAttribute("notice", line.status() == Transcript.Status.SENT ? "Answer sent."
                        : "Answer saved; the messenger has not taken it yet, it is tried again shortly.");
            }
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("replyError", "Write the answer: " + e.problems().getFirst().message() + ".");
            flash.addFlashAttribute("replyText", text);
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/sessions/" + sessionId;
    }

    /** Closes the session for good, back to the inbox. */
    @PostMapping("/console/sessions/{id}/close")
    String close(ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        UUID sessionId = parse(id, "chat session");
        SessionView session = sessions.find(user.account(), sessionId)
                .orElseThrow(() -> new NotFoundException("No chat session " + id + " in this account."));
        replies.close(user.account(), sessionId);
        flash.addFlashAttribute("notice", "The session with " + session.clientAddress() + " is closed.");
        return "redirect:/console/inbox";
    }

    /** Hands the session back to its bot, which asks its question again (or starts over). */
    @PostMapping("/console/sessions/{id}/bot")
    String handBack(ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        UUID sessionId = parse(id, "chat session");
        try {
            replies.handBack(user.account(), sessionId);
            flash.addFlashAttribute("notice", "The bot leads the dialogue again.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage() + ".");
        }
        return "redirect:/console/sessions/" + sessionId;
    }

    private static String search(String name) {
        String stripped = name.strip();
        return stripped.isEmpty() ? null : stripped.length() > 255 ? stripped.substring(0, 255) : stripped;
    }

    private static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No " + what + " " + id + " in this account.");
        }
    }
}

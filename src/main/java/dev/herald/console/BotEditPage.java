package dev.herald.console;

import dev.herald.chat.bot.BotEditor;
import dev.herald.chat.bot.Bots;
import dev.herald.chat.bot.Scenario;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, editing and deleting a bot: its name and its scenario as JSON (the format of docs/chats.md). Saved
 * through {@link BotEditor}, so the console checks what the API checks; each problem of the scenario is listed
 * by its JSON path, with the id of the step it is about.
 */
@Controller
class BotEditPage {

    private static final Pattern STEP_PATH = Pattern.compile("^scenario\\.steps\\[(\\d+)]");
    /** Larger than any scenario the editor accepts; longer texts are not even parsed. */
    private static final int MAX_TEXT = 512 * 1024;
    /** What a new bot starts from: the smallest useful dialogue. */
    private static final String STARTER = """
            {
              "start": "ask",
              "steps": [
                {"id": "ask", "type": "question", "text": "Hello, {{name}}! Shall we call you back?",
                 "buttons": [{"text": "Yes", "value": "yes"}, {"text": "No"}], "variable": "callback",
                 "transitions": [{"button": "yes", "to": "thanks"}, {"to": "bye"}]},
                {"id": "thanks", "type": "end", "text": "We will call you soon.", "result": {"outcome": "callback"}},
                {"id": "bye", "type": "end", "text": "Goodbye!"}
              ]
            }""";

    private final BotEditor editor;
    private final Bots bots;
    private final JsonMapper json;

    BotEditPage(BotEditor editor, Bots bots, JsonMapper json) {
        this.editor = editor;
        this.bots = bots;
        this.json = json;
    }

    /** What the form shows. */
    record Form(String id, String name, String scenario, Integer version) {}

    /** One problem of the scenario: its JSON path, the step it is in when known, and what is wrong. */
    record Problem(String field, String step, String message) {}

    @GetMapping("/console/bots/new")
    String create(Model model) {
        return form(model, new Form("", "", STARTER, null), Map.of(), List.of());
    }

    @GetMapping("/console/bots/{id}")
    String edit(ConsoleUser user, @PathVariable String id, Model model) {
        Bots.Bot bot = find(user, id);
        return form(model, new Form(bot.id().toString(), bot.name(),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(bot.scenario()), bot.version()),
                Map.of(), List.of());
    }

    @PostMapping("/console/bots")
    String save(ConsoleUser user, @RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "") String name,
                @RequestParam(defaultValue = "") String scenario, Model model, RedirectAttributes flash) {
        String botId = id.strip();
        Form form = new Form(botId, name.strip(), scenario, null);
        Scenario parsed = null;
        try {
            parsed = parse(scenario);
            BotEditor.BotRequest request = new BotEditor.BotRequest(name, parsed);
            Bots.Bot saved = botId.isEmpty() ? editor.create(user.account(), request)
                    : editor.update(user.account(), uuid(botId), request);
            flash.addFlashAttribute("notice", "Bot «" + saved.name() + "» saved as version " + saved.version() + ".");
            return "redirect:/console/bots/" + saved.id();
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            List<Problem> problems = new ArrayList<>();
            for (FieldProblem p : e.problems()) {
                if (p.field().equals("name")) {
                    errors.put("name", p.message());
                } else {
                    problems.add(new Problem(p.field(), stepOf(parsed, p.field()), p.message()));
                }
            }
            Integer version = botId.isEmpty() ? null : bots.find(user.account(), uuid(botId)).map(Bots.Bot::version)
                    .orElseThrow(() -> new NotFoundException("No bot " + botId + " in this account."));
            return form(model, new Form(form.id(), form.name(), form.scenario(), version), errors, problems);
        }
    }

    @GetMapping("/console/bots/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        Bots.Bot bot = find(user, id);
        return new Confirmation("Delete the bot «" + bot.name() + "»?", "Sessions it ran keep their dialogues and "
                + "results, and sessions still running finish with it. A bot that is a chat's bot cannot be deleted: "
                + "give the chat another bot first.",
                "Delete", "/console/bots/" + bot.id() + "/delete", "/console/bots/" + bot.id())
                .show(model, "chats", "bots");
    }

    @PostMapping("/console/bots/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/bots/" + uuid(id) + "/delete");
        }
        try {
            if (editor.delete(user.account(), uuid(id))) {
                flash.addFlashAttribute("notice", "The bot was deleted; the sessions it ran keep their results.");
            } else {
                flash.addFlashAttribute("alert", "That bot no longer exists.");
            }
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/bots";
    }

    private String form(Model model, Form form, Map<String, String> errors, List<Problem> problems) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problems", problems);
        model.addAttribute("pageTitle", form.id().isEmpty() ? "New bot" : "Bot " + form.name());
        return "console/bot-form";
    }

    /** The scenario as typed; text that is not a scenario is a problem of the scenario field, where it is. */
    private Scenario parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidRequestException("scenario", "must be at most 256 KB of JSON");
        }
        try {
            return json.readValue(text, Scenario.class);
        } catch (StreamReadException e) {
            throw new InvalidRequestException("scenario", "is not valid JSON: " + e.getOriginalMessage() + at(e));
        } catch (JacksonException e) {
            throw new InvalidRequestException(path(e), "has a value of the wrong kind (an object, array, string "
                    + "or number where docs/chats.md has another)" + at(e));
        }
    }

    private static String at(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder("scenario");
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The id of the step a problem's path points into, so the person finds it in the text. */
    private static String stepOf(Scenario scenario, String field) {
        Matcher m = STEP_PATH.matcher(field);
        if (scenario == null || scenario.steps() == null || !m.find()) {
            return null;
        }
        int index = Integer.parseInt(m.group(1));
        Scenario.Step step = index < scenario.steps().size() ? scenario.steps().get(index) : null;
        return step == null || step.id() == null || step.id().isBlank() ? null : step.id();
    }

    private Bots.Bot find(ConsoleUser user, String id) {
        return bots.find(user.account(), uuid(id))
                .orElseThrow(() -> new NotFoundException("No bot " + id + " in this account."));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No bot " + id + " in this account.");
        }
    }
}

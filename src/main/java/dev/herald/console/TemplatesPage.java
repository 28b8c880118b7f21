package dev.herald.console;

import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.SendResponseItem;
import dev.herald.template.TemplateLibrary;
import dev.herald.template.TemplateView;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates: the list (search by name), and an editor whose preview renders every channel with sample
 * variables as you type (placeholders for those without one), with the SMS encoding and part count, and a test
 * send of the saved version to one address. Saving makes a new version; messages already sent keep theirs.
 */
@Controller
class TemplatesPage {

    private static final int PAGE_SIZE = 50;

    private final TemplateLibrary templates;
    private final JsonMapper json;
    private final TestSend testSend;
    private final ChannelPreview preview;

    TemplatesPage(TemplateLibrary templates, JsonMapper json, TestSend testSend, ChannelPreview preview) {
        this.templates = templates;
        this.json = json;
        this.testSend = testSend;
        this.preview = preview;
    }

    /** What the editor shows. */
    record Editor(String id, String name, String description, List<String> shown, List<String> ticked,
                  Map<String, String> values, String samples, Integer version) {

        public String value(String key) {
            return values.getOrDefault(key, "");
        }

        public boolean isTicked(String channel) {
            return ticked.contains(channel);
        }
    }

    @GetMapping("/console/templates")
    String list(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                @RequestParam(defaultValue = "0") int page, Model model) {
        String search = name.isBlank() ? null : name.strip();
        if (search != null && search.length() > 255) {
            search = search.substring(0, 255);
        }
        long count = templates.count(user.account(), search);
        int current = Math.max(0, page);
        model.addAttribute("templates", templates.list(user.account(), search, new Paging(current, PAGE_SIZE)));
        model.addAttribute("name", name);
        model.addAttribute("count", count);
        model.addAttribute("page", current);
        model.addAttribute("pages", (count + PAGE_SIZE - 1) / PAGE_SIZE);
        return "console/templates";
    }

    @GetMapping("/console/templates/new")
    String create(Model model) {
        model.addAttribute("preview", Map.of());
        return editor(model, new Editor("", "", "", ChannelFields.shown(Map.of()), List.of("sms"), Map.of(), "", null),
                Map.of());
    }

    @GetMapping("/console/templates/{id}")
    String edit(ConsoleUser user, @PathVariable String id, Model model) {
        TemplateView template = find(user, id);
        String samples = model.getAttribute("samples") instanceof String kept ? kept : samples(template.variables());
        Editor editor = new Editor(template.id().toString(), template.name(),
                template.description() == null ? "" : template.description(),
                ChannelFields.shown(template.channels()), List.copyOf(template.channels().keySet()),
                ChannelFields.values(template.channels()), samples, template.version());
        model.addAttribute("template", template);
        preview.render(user.account(), template.channels(), editor.samples(), model);
        return editor(model, editor, Map.of());
    }

    private String editor(Model model, Editor editor, Map<String, String> errors) {
        model.addAttribute("editor", editor);
        model.addAttribute("pageTitle", editor.name().isEmpty() ? "New template" : editor.name());
        model.addAttribute("errors", errors);
        return "console/template";
    }

    /** The preview panel alone, rendered from the form as it is now (nothing is saved). */
    @PostMapping("/console/templates/preview")
    String preview(ConsoleUser user, @RequestParam MultiValueMap<String, String> form, Model model) {
        Editor editor = editor(user, form);
        preview.render(user.account(), channels(user, editor), editor.samples(), model);
        return ChannelPreview.FRAGMENT;
    }

    /** Sends the saved template with the sample values to one address, and says what became of it. */
    @PostMapping("/console/templates/{id}/test")
    String testSend(ConsoleUser user, @PathVariable String id, @RequestParam(defaultValue = "") String address,
                    @RequestParam(defaultValue = "") String samples, RedirectAttributes flash) {
        TemplateView template = find(user, id);
        flash.addFlashAttribute("samples", samples);
        flash.addFlashAttribute("testAddress", address);
        try {
            Map<String, Object> values = ChannelPreview.sampleValues(samples);
            template.variables().stream().filter(v -> !values.containsKey(v)).forEach(v -> values.put(v, "[" + v + "]"));
            SendResponseItem sent = testSend.send(user.account(), template.id(), address, values);
            if (sent.error() != null) {
                flash.addFlashAttribute("testResult", "Not sent: " + sent.error().message());
                flash.addFlashAttribute("testFailed", true);
            } else {
                flash.addFlashAttribute("testResult", "Test sent to " + address.strip() + " by "
                        + (sent.channel() == null ? "the first channel" : sent.channel().toLowerCase(java.util.Locale.ROOT))
                        + ": " + sent.status() + ". Follow it in the message log.");
                flash.addFlashAttribute("testMessage", sent.id());
            }
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("testResult", "Not sent: " + e.problems().stream()
                    .map(p -> p.message()).reduce((a, b) -> a + "; " + b).orElse("the request was refused."));
            flash.addFlashAttribute("testFailed", true);
        }
        return "redirect:/console/templates/" + template.id() + "#test-send";
    }

    @PostMapping("/console/templates")
    String save(ConsoleUser user, @RequestParam MultiValueMap<String, String> form, Model model,
                RedirectAttributes flash) {
        Editor editor = editor(user, form);
        Map<String, ChannelOptions> channels = channels(user, editor);
        try {
            TemplateView saved = editor.id().isEmpty()
                    ? templates.create(user.account(), editor.name(), editor.description(), channels)
                    : templates.update(user.account(), parse(editor.id()), editor.name(), editor.description(), channels);
            flash.addFlashAttribute("notice", "Saved as version " + saved.version() + ".");
            // The sample values the person typed stay for the next round of editing.
            flash.addFlashAttribute("samples", editor.samples());
            return "redirect:/console/templates/" + saved.id();
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> {
                String field = p.field().startsWith("channels.") ? "channel_" + p.field().split("\\.")[1]
                        : p.field().equals("name") || p.field().equals("description") || p.field().equals("channels")
                        ? p.field() : "form";
                errors.merge(field, p.message(), (a, b) -> a + "; " + b);
            });
            if (!editor.id().isEmpty()) {
                templates.find(user.account(), parse(editor.id())).ifPresent(t -> model.addAttribute("template", t));
            }
            preview.render(user.account(), channels, editor.samples(), model);
            return editor(model, editor, errors);
        }
    }

    /** Sends a channel to the messenger's review, or asks the messenger for its decision ({@code action=refresh}). */
    @PostMapping("/console/templates/{id}/moderation")
    String review(ConsoleUser user, @PathVariable String id, @RequestParam String channel,
                  @RequestParam(defaultValue = "submit") String action, RedirectAttributes flash) {
        UUID template = parse(id);
        try {
            TemplateView view = action.equals("refresh") ? templates.refresh(user.account(), template, channel)
                    : templates.submit(user.account(), template, channel);
            TemplateView.ModerationView moderation = view.moderation() == null ? null : view.moderation().get(channel);
            flash.addFlashAttribute("notice", "The " + channel + " channel is "
                    + (moderation == null ? "not moderated" : moderation.state()
                    + (moderation.reason() == null ? "" : " (" + moderation.reason() + ")")) + ".");
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("alert", e.problems().stream().map(p -> p.message()).reduce((a, b) -> a + "; " + b)
                    .orElse("The channel cannot be submitted."));
        } catch (dev.herald.web.ConflictException | dev.herald.web.TryLaterException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/templates/" + template;
    }

    @GetMapping("/console/templates/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        TemplateView template = find(user, id);
        return new Confirmation("Delete the template «" + template.name() + "»?",
                "It disappears from the list, the API and new sends; messages already sent with it keep their texts. "
                        + "You can undo this for " + TemplateLibrary.UNDO_WINDOW.toDays() + " days.",
                "Delete", "/console/templates/" + template.id() + "/delete", "/console/templates/" + template.id())
                .show(model, "templates", null);
    }

    @PostMapping("/console/templates/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed, RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/templates/" + parse(id) + "/delete");
        }
        Optional<TemplateView> template = templates.find(user.account(), parse(id));
        if (template.isPresent() && templates.delete(user.account(), parse(id))) {
            flash.addFlashAttribute("notice", "The template «" + template.get().name() + "» was deleted; messages "
                    + "sent with it keep their texts.");
            flash.addFlashAttribute("undo", "/console/templates/" + parse(id) + "/restore");
        } else {
            flash.addFlashAttribute("alert", "That template no longer exists.");
        }
        return "redirect:/console/templates";
    }

    @PostMapping("/console/templates/{id}/restore")
    String restore(ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        try {
            if (templates.restore(user.account(), parse(id))) {
                flash.addFlashAttribute("notice", "The template is back.");
                return "redirect:/console/templates/" + parse(id);
            }
            flash.addFlashAttribute("alert", "That template can no longer be brought back.");
        } catch (dev.herald.web.ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/templates";
    }

    private Editor editor(ConsoleUser user, MultiValueMap<String, String> form) {
        String id = form.getFirst("id") == null ? "" : form.getFirst("id").strip();
        Map<String, ChannelOptions> before = before(user, id);
        List<String> shown = ChannelFields.shown(before);
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((key, list) -> {
            if (java.util.stream.Stream.concat(ChannelFields.TEXTS.stream(), ChannelFields.STRUCTURE.stream())
                    .anyMatch(t -> key.startsWith(t + "_")) && !list.isEmpty()) {
                values.put(key, list.getFirst());
            }
        });
        return new Editor(id, first(form, "name"), first(form, "description"), shown,
                ChannelFields.ticked(form.getOrDefault("channel", List.of()), shown), values,
                form.getFirst("samples") == null ? "" : form.getFirst("samples"), null);
    }

    private Map<String, ChannelOptions> channels(ConsoleUser user, Editor editor) {
        return ChannelFields.options(editor.ticked(), editor.values(), before(user, editor.id()), json);
    }

    /** The saved channels of the template being edited, whose options the form does not show are kept. */
    private Map<String, ChannelOptions> before(ConsoleUser user, String id) {
        if (id.isEmpty()) {
            return Map.of();
        }
        return templates.find(user.account(), parse(id)).map(TemplateView::channels).orElse(Map.of());
    }

    private TemplateView find(ConsoleUser user, String id) {
        return templates.find(user.account(), parse(id))
                .orElseThrow(() -> new NotFoundException("No template " + id + " in this account."));
    }

    /** {@code name=value} lines, one per variable, to try the template with. */
    private static String samples(List<String> variables) {
        StringBuilder samples = new StringBuilder();
        variables.forEach(v -> samples.append(v).append('=').append('\n'));
        return samples.toString();
    }

    private static String first(MultiValueMap<String, String> form, String key) {
        String value = form.getFirst(key);
        return value == null ? "" : value.strip();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No template " + id + " in this account.");
        }
    }
}

package dev.herald.console;

import dev.herald.broadcast.BroadcastControl;
import dev.herald.group.ContactGroups;
import dev.herald.messaging.ChannelOptions;
import dev.herald.template.TemplateLibrary;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Paging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broadcasts in the browser: the list with live progress, the form that sends a template or an SMS text to a
 * group now or at a time, and a broadcast's page with its progress, its messages by status, and cancel.
 */
@Controller
class BroadcastsPage {

    private final BroadcastControl control;
    private final ContactGroups groups;
    private final TemplateLibrary templates;
    private final JsonMapper json;

    BroadcastsPage(BroadcastControl control, ContactGroups groups, TemplateLibrary templates, JsonMapper json) {
        this.control = control;
        this.groups = groups;
        this.templates = templates;
        this.json = json;
    }

    /** What the form holds; {@code startDate} is a local time in the account's zone, empty = now. */
    record Form(String name, String groupId, String templateId, String text, String startDate) {}

    @GetMapping("/console/broadcasts")
    String list(ConsoleUser user, Model model) {
        return page(user, model, new Form("", "", "", "", ""), Map.of());
    }

    /** The table alone, which the list refreshes while a broadcast is under way. */
    @GetMapping("/console/broadcasts/table")
    String table(ConsoleUser user, Model model) {
        fill(user, model);
        return "console/broadcasts :: table";
    }

    private void fill(ConsoleUser user, Model model) {
        List<BroadcastControl.View> list = control.list(user.account(), 0, 100);
        model.addAttribute("broadcasts", list);
        model.addAttribute("live", list.stream().anyMatch(b -> b.status().equals("RUNNING") || b.status().equals("SCHEDULED")));
    }

    private String page(ConsoleUser user, Model model, Form form, Map<String, String> errors) {
        fill(user, model);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("groups", groups.list(user.account().value(), null, 0, 500));
        model.addAttribute("templates", templates.list(user.account(), null, new Paging(0, Paging.MAX_LIMIT)));
        return "console/broadcasts";
    }

    @PostMapping("/console/broadcasts")
    String create(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String groupId, @RequestParam(defaultValue = "") String templateId,
                  @RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "") String startDate,
                  Model model, RedirectAttributes flash) {
        Form form = new Form(name, groupId, templateId, text, startDate);
        Map<String, String> errors = new LinkedHashMap<>();
        Long group = null;
        try {
            group = groupId.isBlank() ? null : Long.parseLong(groupId);
        } catch (NumberFormatException e) {
            errors.put("groupId", "Choose a group.");
        }
        Map<String, ChannelOptions> channels = templateId.isBlank() && !text.isBlank()
                ? Map.of("sms", json.convertValue(Map.of("text", text), ChannelOptions.class)) : null;
        if (errors.isEmpty()) {
            try {
                BroadcastControl.View created = control.create(user.account(), new BroadcastControl.NewBroadcast(
                        name, group, templateId.isBlank() ? null : templateId, channels,
                        startDate.isBlank() ? null : startDate, null, null, null, null, null));
                flash.addFlashAttribute("notice", "Broadcast " + created.name()
                        + (created.status().equals("SCHEDULED") && startDate.isBlank() ? " starts now." : " is scheduled."));
                return "redirect:/console/broadcasts/" + created.id();
            } catch (InvalidRequestException e) {
                e.problems().forEach(p -> errors.merge(p.field().startsWith("channels") ? "text"
                        : p.field().equals("templateId") ? "templateId" : p.field(), p.message(), (a, b) -> a + "; " + b));
            }
        }
        return page(user, model, form, errors);
    }

    @GetMapping("/console/broadcasts/{id}")
    String broadcast(ConsoleUser user, @PathVariable long id, Model model) {
        fillOne(user, id, model);
        return "console/broadcast";
    }

    /** The progress card alone, refreshed while the broadcast is under way. */
    @GetMapping("/console/broadcasts/{id}/progress")
    String progress(ConsoleUser user, @PathVariable long id, Model model) {
        fillOne(user, id, model);
        return "console/broadcast :: progress";
    }

    private void fillOne(ConsoleUser user, long id, Model model) {
        BroadcastControl.View view = control.get(user.account(), id);
        model.addAttribute("b", view);
        model.addAttribute("percent", view.recipients() == 0 ? (view.status().equals("DONE") ? 100 : 0)
                : view.handedOver() * 100 / view.recipients());
        model.addAttribute("live", view.status().equals("RUNNING") || view.status().equals("SCHEDULED"));
    }

    @GetMapping("/console/broadcasts/{id}/cancel")
    String confirmCancel(ConsoleUser user, @PathVariable long id, Model model) {
        BroadcastControl.View view = control.get(user.account(), id);
        int left = Math.max(0, view.recipients() - view.handedOver());
        return new Confirmation("Cancel the broadcast «" + view.name() + "»?",
                "This cancels " + Plural.of(left, "message", "messages") + " to the group «" + view.groupName()
                        + "» not yet handed over, and those still waiting in the delivery queue. Messages already "
                        + "with a provider go their way. This cannot be undone.",
                "Cancel the broadcast", "/console/broadcasts/" + id + "/cancel", "/console/broadcasts/" + id)
                .show(model, "broadcasts", null);
    }

    @PostMapping("/console/broadcasts/{id}/cancel")
    String cancel(ConsoleUser user, @PathVariable long id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/broadcasts/" + id + "/cancel");
        }
        try {
            control.cancel(user.account(), id);
            flash.addFlashAttribute("notice", "Cancelled: what had not left will not be sent.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/console/broadcasts/" + id;
    }
}

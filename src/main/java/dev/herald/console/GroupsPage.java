package dev.herald.console;

import dev.herald.contact.EsputnikContactViews;
import dev.herald.group.ContactGroup;
import dev.herald.group.ContactGroups;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import java.util.ArrayList;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Groups in the browser: the list with each group's live contact count, a form for a static group or a
 * dynamic one whose conditions are counted while they are typed, and a group's page with its contacts (a
 * static group's are added by contact id and removed one by one).
 */
@Controller
class GroupsPage {

    private static final int PAGE_SIZE = 50;

    private final ContactGroups groups;
    private final EsputnikContactViews cards;
    private final JsonMapper json;

    GroupsPage(ContactGroups groups, EsputnikContactViews cards, JsonMapper json) {
        this.groups = groups;
        this.cards = cards;
        this.json = json;
    }

    @GetMapping("/console/groups")
    String list(ConsoleUser user, Model model) {
        return page(user, model, "", "static", "", Map.of());
    }

    private String page(ConsoleUser user, Model model, String name, String type, String conditions, Map<String, String> errors) {
        model.addAttribute("groups", groups.list(user.account().value(), null, 0, 500));
        model.addAttribute("name", name);
        model.addAttribute("type", type);
        model.addAttribute("conditions", conditions);
        model.addAttribute("errors", errors);
        return "console/groups";
    }

    /** One group's contact count, asked for by the list as it loads (a dynamic group is evaluated each time). */
    @GetMapping("/console/groups/{id}/count")
    String count(ConsoleUser user, @PathVariable long id, Model model) {
        ContactGroup group = groups.get(user.account().value(), id);
        model.addAttribute("count", groups.countMembers(user.account().value(), group));
        return "console/groups :: count";
    }

    /** How many contacts the conditions being typed choose, or what is wrong with them. */
    @PostMapping("/console/groups/preview")
    String preview(ConsoleUser user, @RequestParam(defaultValue = "") String conditions, Model model) {
        try {
            JsonNode parsed = json.readTree(conditions);
            ContactGroup probe = new ContactGroup(0, "preview", "dynamic", parsed, null);
            model.addAttribute("count", groups.countMembers(user.account().value(), probe));
        } catch (JacksonException e) {
            model.addAttribute("problem", "Not JSON yet: " + e.getOriginalMessage());
        } catch (InvalidRequestException e) {
            model.addAttribute("problem", String.join("; ", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList()));
        }
        return "console/groups :: preview";
    }

    @PostMapping("/console/groups")
    String create(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "static") String type, @RequestParam(defaultValue = "") String conditions,
                  Model model, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode parsed = null;
        boolean dynamic = type.equals("dynamic");
        if (name.isBlank() || name.strip().length() > 200) {
            errors.put("name", "Give the group a name of at most 200 characters.");
        }
        if (dynamic) {
            try {
                parsed = json.readTree(conditions);
            } catch (JacksonException e) {
                errors.put("conditions", "The conditions are not JSON: " + e.getOriginalMessage());
            }
        }
        if (errors.isEmpty()) {
            try {
                ContactGroup group = groups.create(user.account().value(), name.strip(), dynamic ? "dynamic" : "static", parsed);
                flash.addFlashAttribute("notice", "Created the group " + group.name() + ".");
                return "redirect:/console/groups/" + group.id();
            } catch (InvalidRequestException e) {
                e.problems().forEach(p -> errors.merge("conditions", p.field() + ": " + p.message(), (a, b) -> a + "; " + b));
            } catch (ConflictException e) {
                errors.put("name", e.getMessage());
            }
        }
        return page(user, model, name, type, conditions, errors);
    }

    @GetMapping("/console/groups/{id}")
    String group(ConsoleUser user, @PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        ContactGroup group = groups.get(user.account().value(), id);
        int p = Math.max(0, page);
        List<Long> ids = groups.memberIds(user.account().value(), group, (long) p * PAGE_SIZE, PAGE_SIZE);
        long count = groups.countMembers(user.account().value(), group);
        model.addAttribute("group", group);
        model.addAttribute("conditions", group.conditions() == null ? "" : group.conditions().toPrettyString());
        model.addAttribute("contacts", cards.of(user.account().value(), ids));
        model.addAttribute("count", count);
        model.addAttribute("page", p);
        model.addAttribute("pages", (count + PAGE_SIZE - 1) / PAGE_SIZE);
        return "console/group";
    }

    @PostMapping("/console/groups/{id}/attach")
    String attach(ConsoleUser user, @PathVariable long id, @RequestParam(defaultValue = "") String contactIds,
                  RedirectAttributes flash) {
        ContactGroup group = groups.get(user.account().value(), id);
        List<Long> ids = new ArrayList<>();
        for (String part : contactIds.split("[\\s,;]+")) {
            if (!part.isBlank()) {
                try {
                    ids.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    flash.addFlashAttribute("notice", "'" + part.strip() + "' is not a contact id; nothing was added.");
                    return "redirect:/console/groups/" + id;
                }
            }
        }
        if (ids.isEmpty() || ids.size() > 500) {
            flash.addFlashAttribute("notice", "Give 1 to 500 contact ids.");
            return "redirect:/console/groups/" + id;
        }
        int added = groups.attach(user.account().value(), group, ids);
        flash.addFlashAttribute("notice", "Added " + added + " contact" + (added == 1 ? "" : "s") + ".");
        return "redirect:/console/groups/" + id;
    }

    @PostMapping("/console/groups/{id}/detach/{contact}")
    String detach(ConsoleUser user, @PathVariable long id, @PathVariable long contact, RedirectAttributes flash) {
        groups.detach(user.account().value(), groups.get(user.account().value(), id), List.of(contact), List.of());
        flash.addFlashAttribute("notice", "Removed contact " + contact + " from the group.");
        return "redirect:/console/groups/" + id;
    }

    @GetMapping("/console/groups/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable long id, Model model) {
        ContactGroup group = groups.get(user.account().value(), id);
        long members = groups.countMembers(user.account().value(), group);
        return new Confirmation("Delete the group «" + group.name() + "»?",
                "Its " + Plural.of(members, "contact stays", "contacts stay") + " in the account; only the group "
                        + "goes. This cannot be undone.",
                "Delete the group", "/console/groups/" + id + "/delete", "/console/groups/" + id)
                .show(model, "groups", null);
    }

    @PostMapping("/console/groups/{id}/delete")
    String delete(ConsoleUser user, @PathVariable long id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/groups/" + id + "/delete");
        }
        try {
            groups.delete(user.account().value(), id);
            flash.addFlashAttribute("notice", "Deleted the group; its contacts stay.");
            return "redirect:/console/groups";
        } catch (ConflictException e) {
            flash.addFlashAttribute("notice", e.getMessage());
            return "redirect:/console/groups/" + id;
        }
    }
}

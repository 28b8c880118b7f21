package dev.herald.console;

import dev.herald.contact.ContactCards;
import dev.herald.event.ContactEvents;
import dev.herald.policy.ContactConsent;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.workflow.WorkflowConsole;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Contacts in the console: a search by any identifier or name, and a contact's card with its subscriptions and
 * consent activity and latest events, where a person with the sending right opts it out of or back into a category.
 */
@Controller
class ContactsPage {

    private final ContactCards cards;
    private final ContactConsent consent;
    private final ContactEvents events;
    private final WorkflowConsole workflows;

    ContactsPage(ContactCards cards, ContactConsent consent, ContactEvents events, WorkflowConsole workflows) {
        this.workflows = workflows;
        this.cards = cards;
        this.consent = consent;
        this.events = events;
    }

    @GetMapping("/console/contacts")
    String search(ConsoleUser user, @RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("found", cards.search(user.account().value(), q));
        return "console/contacts";
    }

    @GetMapping("/console/contacts/{id}")
    String card(ConsoleUser user, @PathVariable long id, Model model) {
        model.addAttribute("card", cards.card(user.account().value(), id).orElseThrow(() -> noContact(id)));
        model.addAttribute("consent", consent.of(user.account().value(), id).orElseThrow(() -> noContact(id)));
        model.addAttribute("events", events.recent(user.account().value(), id, 20));
        var runs = workflows.runsOfContact(user.account(), id, 10);
        model.addAttribute("workflowRuns", runs);
        model.addAttribute("workflowNames", workflows.names(user.account(),
                runs.stream().map(WorkflowConsole.RunEntry::workflowId).distinct().toList()));
        return "console/contact";
    }

    /** Opts the contact out of ({@code subscribed=false}) or back into one category, on every channel. */
    @PostMapping("/console/contacts/{id}/subscriptions")
    String subscription(ConsoleUser user, @PathVariable long id, @RequestParam String category,
                        @RequestParam boolean subscribed, RedirectAttributes redirect) {
        consent.of(user.account().value(), id).orElseThrow(() -> noContact(id));
        try {
            consent.set(user.account().value(), id, category, subscribed, user.username());
            redirect.addFlashAttribute("notice", (subscribed ? "Subscribed to '" : "Opted out of '") + category + "'.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("alert", e.problems().getFirst().message());
        }
        return "redirect:/console/contacts/" + id;
    }

    private static NotFoundException noContact(long id) {
        return new NotFoundException("No contact " + id + " in this account.");
    }
}

package dev.herald.console;

import dev.herald.contact.ContactCards;
import dev.herald.web.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Contacts in the console: a search by any identifier or name, and a contact's card. */
@Controller
class ContactsPage {

    private final ContactCards cards;

    ContactsPage(ContactCards cards) {
        this.cards = cards;
    }

    @GetMapping("/console/contacts")
    String search(ConsoleUser user, @RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("found", cards.search(user.account().value(), q));
        return "console/contacts";
    }

    @GetMapping("/console/contacts/{id}")
    String card(ConsoleUser user, @PathVariable long id, Model model) {
        model.addAttribute("card", cards.card(user.account().value(), id)
                .orElseThrow(() -> new NotFoundException("No contact " + id + " in this account.")));
        return "console/contact";
    }
}

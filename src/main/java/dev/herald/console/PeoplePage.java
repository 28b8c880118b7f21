package dev.herald.console;

import dev.herald.auth.Role;
import dev.herald.people.People;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The account's people: everyone sees them; people with the people right invite, change roles and remove. */
@Controller
class PeoplePage {

    private final People people;

    PeoplePage(People people) {
        this.people = people;
    }

    @GetMapping("/console/people")
    String list(ConsoleUser user, Model model) {
        model.addAttribute("people", people.list(user.account()));
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Role::key).toList());
        model.addAttribute("me", user.username());
        return "console/people";
    }

    @PostMapping("/console/people")
    String invite(ConsoleUser user, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "viewer") String role, RedirectAttributes flash) {
        return act(flash, () -> {
            People.Person invited = people.invite(user.account(), email, role, caller(user));
            return "An invitation is on its way to " + invited.email() + ".";
        });
    }

    @PostMapping("/console/people/{id}/role")
    String role(ConsoleUser user, @PathVariable UUID id, @RequestParam(defaultValue = "") String role,
                RedirectAttributes flash) {
        return act(flash, () -> {
            People.Person changed = people.changeRole(user.account(), id, role, caller(user));
            return changed.username() + " is " + changed.role() + " now.";
        });
    }

    @PostMapping("/console/people/{id}/invitation")
    String reinvite(ConsoleUser user, @PathVariable UUID id, RedirectAttributes flash) {
        return act(flash, () -> {
            people.resendInvitation(user.account(), id);
            return "A new invitation is on its way; the earlier link no longer works.";
        });
    }

    @GetMapping("/console/people/{id}/remove")
    String confirmRemove(ConsoleUser user, @PathVariable UUID id, Model model) {
        People.Person person = people.list(user.account()).stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new dev.herald.web.NotFoundException("No person " + id + " in this account."));
        return new Confirmation("Remove " + person.username() + " from the account?",
                "They are signed out at once and can no longer sign in to this account; what they did stays in "
                        + "the audit log. To let them back, invite them again.",
                "Remove", "/console/people/" + id + "/remove", "/console/people").show(model, "people", null);
    }

    @PostMapping("/console/people/{id}/remove")
    String remove(ConsoleUser user, @PathVariable UUID id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/people/" + id + "/remove");
        }
        return act(flash, () -> {
            people.remove(user.account(), id, caller(user));
            return "The person is removed and signed out.";
        });
    }

    private static People.Caller caller(ConsoleUser user) {
        return new People.Caller(user.role() == Role.OWNER, user.username());
    }

    private static String act(RedirectAttributes flash, java.util.function.Supplier<String> change) {
        try {
            flash.addFlashAttribute("notice", change.get());
        } catch (InvalidRequestException e) {
            flash.addFlashAttribute("alert", e.problems().stream().map(p -> p.field() + " " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElse("Please check the form."));
        } catch (ConflictException e) {
            flash.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:/console/people";
    }
}

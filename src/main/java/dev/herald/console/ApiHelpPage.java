package dev.herald.console;

import dev.herald.auth.ApiScope;
import dev.herald.auth.ApiTokens;
import dev.herald.auth.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "API help": the account's tokens with what each may do (a new one is shown once, right after it is created),
 * creating one limited to chosen scopes (those the person's role may give, {@link Role#mayGrant}), revoking one,
 * and curl examples ready to copy with this server's address.
 */
@Controller
class ApiHelpPage {

    private static final int MAX_NAME = 100;

    private final ApiTokens tokens;

    ApiHelpPage(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** A command to copy, with the title above it. */
    record Example(String id, String title, String command) {}

    /** A scope as the form offers it: a short name, what it allows, and whether this person may give it. */
    record ScopeChoice(String value, String name, String description, boolean allowed) {}

    /** Scopes shown together under a heading. */
    record ScopeGroup(String title, List<ScopeChoice> scopes) {}

    /** The scopes grouped by what they are about, with a short name each for the form and the token list. */
    private static final Map<String, List<ApiScope>> GROUPS = new LinkedHashMap<>();
    private static final Map<ApiScope, String> NAMES = new EnumMap<>(ApiScope.class);

    static {
        GROUPS.put("Sending", List.of(ApiScope.MESSAGES, ApiScope.EVENTS));
        GROUPS.put("Contacts", List.of(ApiScope.CONTACTS_READ, ApiScope.CONTACTS_UPDATE, ApiScope.EVENTS_CONTACTS));
        GROUPS.put("The whole account", List.of(ApiScope.FULL));
        NAMES.put(ApiScope.MESSAGES, "Messages");
        NAMES.put(ApiScope.EVENTS, "Events");
        NAMES.put(ApiScope.CONTACTS_READ, "Reading contacts");
        NAMES.put(ApiScope.CONTACTS_UPDATE, "Changing contacts");
        NAMES.put(ApiScope.EVENTS_CONTACTS, "Events and contacts");
        NAMES.put(ApiScope.FULL, "Everything");
    }

    /** What a new token may do unless the person chooses otherwise: sending, which every token maker may give. */
    private static final List<String> DEFAULT_SCOPES = List.of(ApiScope.MESSAGES.value());

    @GetMapping("/console/api")
    String help(ConsoleUser user, Model model) {
        List<ApiTokens.TokenInfo> list = tokens.list(user.account());
        model.addAttribute("tokens", list);
        Map<UUID, String> scopes = new HashMap<>();
        // in the form's order, so that the list reads like the ticked boxes
        List<ApiScope> order = GROUPS.values().stream().flatMap(List::stream).toList();
        list.forEach(token -> scopes.put(token.id(), token.scopes().stream().map(ApiScope::of).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(order::indexOf)).map(NAMES::get).collect(Collectors.joining(", "))));
        model.addAttribute("tokenScopes", scopes);
        model.addAttribute("scopeGroups", GROUPS.entrySet().stream().map(group -> new ScopeGroup(group.getKey(),
                group.getValue().stream().map(scope -> new ScopeChoice(scope.value(), NAMES.get(scope),
                        scope.description(), user.role().mayGrant(scope))).toList())).toList());
        if (!model.containsAttribute("chosenScopes")) {
            model.addAttribute("chosenScopes", DEFAULT_SCOPES);
        }
        model.addAttribute("examples", examples(ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()));
        if (!model.containsAttribute("tokenName")) {
            model.addAttribute("tokenName", "");
        }
        return "console/api";
    }

    private static List<Example> examples(String base) {
        String auth = "-H \"Authorization: Bearer $TOKEN\"";
        return List.of(
                new Example("send", "Send an SMS, falling back to e-mail", """
                        curl -X POST %s/api/v1/messages %s \\
                          -H 'Content-Type: application/json' \\
                          -d '{"messages": [{"channels": {"sms": {"text": "Your code is 1234"},
                                "email": {"subject": "Your code", "text": "Your code is 1234"}},
                                "destinations": [{"phone": "79001234567", "email": "ivan@example.com"}]}]}'"""
                        .formatted(base, auth)),
                new Example("get", "Follow a message and its status history",
                        "curl %s/api/v1/messages/MESSAGE_ID %s".formatted(base, auth)),
                new Example("task", "Send a spreadsheet as a send task", """
                        curl -X POST %s/api/v1/tasks %s \\
                          -F 'task={"name": "Promo", "channels": {"sms": {"text": "10%% off today"}}};type=application/json' \\
                          -F file=@recipients.csv
                        curl -X POST %s/api/v1/tasks/TASK_ID/start %s""".formatted(base, auth, base, auth)),
                new Example("stats", "Message statistics", """
                        curl '%s/api/v1/statistics/messaging/messages?fields=id,status,channel,destination&limit=10' %s"""
                        .formatted(base, auth)));
    }

    @PostMapping("/console/api/tokens")
    String create(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(name = "scopes", required = false) List<String> scopes, Model model,
                  HttpServletResponse response, RedirectAttributes flash) {
        String chosen = name.strip();
        List<String> given = scopes == null ? List.of()
                : scopes.stream().map(String::strip).distinct().limit(ApiScope.values().length + 1L).toList();
        Set<ApiScope> wanted = EnumSet.noneOf(ApiScope.class);
        given.forEach(value -> ApiScope.of(value).ifPresent(wanted::add));
        if (chosen.isEmpty() || chosen.length() > MAX_NAME || wanted.isEmpty() || wanted.size() < given.size()) {
            if (chosen.isEmpty() || chosen.length() > MAX_NAME) {
                flash.addFlashAttribute("nameError", "Give the token a name of 1 to " + MAX_NAME
                        + " characters, e.g. the system that will use it.");
            }
            if (wanted.isEmpty() || wanted.size() < given.size()) {
                flash.addFlashAttribute("scopesError", "Choose at least one thing the token may do, from the list.");
            }
            flash.addFlashAttribute("tokenName", name);
            flash.addFlashAttribute("chosenScopes", wanted.stream().map(ApiScope::value).toList());
            return "redirect:/console/api";
        }
        List<String> refused = wanted.stream().filter(scope -> !user.role().mayGrant(scope)).map(NAMES::get).toList();
        if (!refused.isEmpty()) {
            // the form offers only what the role may give: this is a crafted request, refused on the server
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            model.addAttribute("alert", "As " + user.role().key() + " you may not give a token: "
                    + String.join(", ", refused) + ". Only an owner gives a token that reaches the whole account.");
            model.addAttribute("tokenName", name);
            model.addAttribute("chosenScopes", wanted.stream().map(ApiScope::value).toList());
            return help(user, model);
        }
        flash.addFlashAttribute("issued", tokens.issue(user.account(), chosen, wanted));
        return "redirect:/console/api";
    }

    @GetMapping("/console/api/tokens/{id}/revoke")
    String confirmRevoke(ConsoleUser user, @PathVariable UUID id, Model model) {
        ApiTokens.TokenInfo token = tokens.list(user.account()).stream()
                .filter(t -> t.id().equals(id) && t.revokedAt() == null).findFirst()
                .orElseThrow(() -> new dev.herald.web.NotFoundException("No active token " + id + " in this account."));
        return new Confirmation("Revoke the token «" + token.name() + "» (…" + token.hint() + ")?",
                "Every request made with it is refused from then on: whatever system uses it stops sending until it "
                        + "gets a new token. This cannot be undone.",
                "Revoke", "/console/api/tokens/" + id + "/revoke", "/console/api").show(model, "api", null);
    }

    @PostMapping("/console/api/tokens/{id}/revoke")
    String revoke(ConsoleUser user, @PathVariable UUID id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/api/tokens/" + id + "/revoke");
        }
        if (tokens.revoke(user.account(), id)) {
            flash.addFlashAttribute("notice", "The token is revoked: requests with it are refused from now on.");
        } else {
            flash.addFlashAttribute("alert", "That token was already revoked.");
        }
        return "redirect:/console/api";
    }
}

package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.provider.ConnectionRequest;
import dev.herald.provider.ProviderConnectionService;
import dev.herald.provider.ProviderConnections;
import dev.herald.provider.ProviderTypes;
import dev.herald.routing.ProviderStatistics;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Provider connections: the account's SMTP servers, bots, SMS gateways and so on, connected with a form built
 * from the provider type's own settings, tested before they are stored (unless the person says otherwise), and
 * tested or removed later. Secrets are never shown back.
 */
@Controller
class ProvidersPage {

    private static final String SETTING = "setting_";

    private final ProviderConnectionService service;
    private final ProviderConnections connections;
    private final ProviderTypes types;
    private final ProviderStatistics statistics;
    private final JsonMapper json;
    private final Clock clock;

    ProvidersPage(ProviderConnectionService service, ProviderConnections connections, ProviderTypes types,
                  ProviderStatistics statistics, JsonMapper json, Clock clock) {
        this.service = service;
        this.connections = connections;
        this.types = types;
        this.statistics = statistics;
        this.json = json;
        this.clock = clock;
    }

    /** The time ranges the statistics section offers, in days. */
    private static final List<Integer> RANGES = List.of(1, 7, 30, 90);

    /**
     * One setting as the form shows it.
     *
     * @param choices  the values to choose from (a select) instead of typing, or empty
     * @param advanced a timeout or rate, folded away under "Advanced"
     * @param cleared  a secret typed before a failed attempt, not echoed back: the person types it again
     */
    record FieldView(String name, String label, boolean required, boolean secret, String placeholder, String help,
                     String value, List<Choice> choices, boolean advanced, boolean cleared) {}

    /** One value of a setting that is a choice. */
    record Choice(String value, String label) {}

    /** Settings that take one of a few values, by name. */
    private static final Map<String, List<Choice>> CHOICES = Map.of("security", List.of(
            new Choice("starttls", "STARTTLS: a plain connection upgraded to TLS (usually port 587)"),
            new Choice("tls", "TLS from the start (usually port 465)"),
            new Choice("none", "None: unencrypted (only inside a trusted network)")));
    /** Timeouts and rates: rarely changed, so under "Advanced". */
    private static final java.util.regex.Pattern ADVANCED = java.util.regex.Pattern.compile(
            "(?i).*(timeout|rate|throughput|window|interval|enquirelink).*");

    @GetMapping("/console/providers")
    String list(ConsoleUser user, @RequestParam(defaultValue = "7") int days, Model model) {
        List<ProviderConnections.Stored> stored = connections.list(user.account().value(), null, null);
        model.addAttribute("connections", stored);
        model.addAttribute("hasTypes", !types.all().isEmpty());
        int range = RANGES.contains(days) ? days : 7;
        Instant now = clock.instant();
        List<ProviderStatistics.Row> rows = statistics.of(user.account().value(), now.minus(Duration.ofDays(range)), now,
                null, null).items();
        model.addAttribute("days", range);
        model.addAttribute("ranges", RANGES);
        model.addAttribute("stats", rows);
        model.addAttribute("statsChart", json.writeValueAsString(rows));
        return "console/providers";
    }

    @GetMapping("/console/providers/new")
    String form(@RequestParam(defaultValue = "") String type, Model model) {
        return form(model, type, Map.of(), Map.of());
    }

    /** The fields of the chosen type alone, swapped in when the type changes. */
    @GetMapping("/console/providers/new/fields")
    String fields(@RequestParam(defaultValue = "") String type, Model model) {
        form(model, type, Map.of(), Map.of());
        return "console/provider-new :: fields";
    }

    private String form(Model model, String typeName, Map<String, String> values, Map<String, String> errors) {
        List<ProviderType> all = types.all().stream().sorted(Comparator.comparing(ProviderType::type)).toList();
        ProviderType type = types.find(typeName).orElse(all.isEmpty() ? null : all.getFirst());
        model.addAttribute("types", all);
        model.addAttribute("type", type);
        model.addAttribute("channels", type == null ? List.of()
                : type.channels().stream().map(Channel::key).sorted().toList());
        model.addAttribute("fields", type == null ? List.of() : ProviderConnectionService.fields(type).stream()
                .map(f -> view(f, values)).toList());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        // An error on a folded-away setting opens "Advanced", so the person sees it.
        model.addAttribute("advancedOpen", errors.keySet().stream().anyMatch(k -> k.startsWith(SETTING)
                && ADVANCED.matcher(k.substring(SETTING.length())).matches()));
        return "console/provider-new";
    }

    private static FieldView view(SettingField field, Map<String, String> values) {
        String label = field.name().replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        label = Character.toUpperCase(label.charAt(0)) + label.substring(1);
        String typed = values.getOrDefault(SETTING + field.name(), "");
        // Secrets are not echoed back into the page, even after a failed attempt; the field says so.
        String value = field.secret() ? "" : typed;
        List<Choice> choices = CHOICES.getOrDefault(field.name(), List.of());
        if (!choices.isEmpty() && value.isEmpty()) {
            value = field.defaultValue() == null ? "" : field.defaultValue();
        }
        return new FieldView(field.name(), label, field.required(), field.secret(),
                field.defaultValue() == null ? "" : field.defaultValue(), field.help(), value, choices,
                ADVANCED.matcher(field.name()).matches(), field.secret() && !typed.isBlank());
    }

    /** What a provider type is and how to set it up, in the console itself (no network needed). */
    @GetMapping("/console/providers/help")
    String help(@RequestParam(defaultValue = "") String type, Model model) {
        ProviderType found = types.find(type).orElseThrow(() -> new NotFoundException("No provider type " + type));
        model.addAttribute("type", found);
        model.addAttribute("summary", PlainLanguage.providerHelp(found.type()));
        model.addAttribute("channels", found.channels().stream().map(c -> PlainLanguage.channel(c.key())).toList());
        model.addAttribute("fields", ProviderConnectionService.fields(found).stream()
                .map(f -> view(f, Map.of())).toList());
        return "console/provider-help";
    }

    @PostMapping("/console/providers")
    String create(ConsoleUser user, @RequestParam MultiValueMap<String, String> form, Model model,
                  RedirectAttributes flash) {
        Map<String, String> values = form.toSingleValueMap();
        String typeName = values.getOrDefault("type", "");
        Map<String, Object> settings = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(SETTING) && !value.isBlank()) {
                settings.put(key.substring(SETTING.length()), value.strip());
            }
        });
        boolean testFirst = "on".equals(values.get("testFirst"));
        try {
            ProviderConnections.Stored stored = service.create(user.account().value(), new ConnectionRequest(
                    values.getOrDefault("name", ""), typeName, blankToNull(values.get("channel")),
                    "on".equals(values.get("default")), settings), testFirst);
            flash.addFlashAttribute("notice", "Connected \"" + stored.connection().name() + "\""
                    + (testFirst ? " and tested successfully." : " (not tested)."));
            return "redirect:/console/providers";
        } catch (InvalidRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> errors.merge(field(p.field()), sentence(p.message()), (a, b) -> a + "; " + b));
            model.addAttribute("testFirst", testFirst);
            return form(model, typeName, values, errors);
        }
    }

    /** Where the form shows a problem: next to the setting it names, else above the form. */
    private static String field(String path) {
        if (path.startsWith("settings.")) {
            return SETTING + path.substring("settings.".length());
        }
        return switch (path) {
            case "name", "channel", "type" -> path;
            default -> "form";
        };
    }

    @PostMapping("/console/providers/{id}/test")
    String test(ConsoleUser user, @PathVariable String id, RedirectAttributes flash) {
        ConnectionCheck check = service.test(user.account().value(), parse(id));
        flash.addFlashAttribute(check.ok() ? "notice" : "alert",
                (check.ok() ? "The test passed: " : "The test failed: ") + check.detail());
        return "redirect:/console/providers";
    }

    @GetMapping("/console/providers/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        var stored = service.find(user.account().value(), parse(id));
        return new Confirmation("Remove the provider connection «" + stored.connection().name() + "»?",
                "Messages are no longer sent through it: its channel falls back to the account's other default "
                        + "connection, or the sandbox, and routes, chats and templates that name it stop using it. "
                        + "Its settings and password are forgotten. This cannot be undone.",
                "Remove", "/console/providers/" + stored.connection().id() + "/delete", "/console/providers")
                .show(model, "providers", null);
    }

    @PostMapping("/console/providers/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/providers/" + parse(id) + "/delete");
        }
        service.delete(user.account().value(), parse(id));
        flash.addFlashAttribute("notice", "The connection was removed; its channel falls back to the account's "
                + "other default connection, or the sandbox.");
        return "redirect:/console/providers";
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No provider connection " + id + " in this account.");
        }
    }

    private static String sentence(String message) {
        message = PlainLanguage.forPeople(message);
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

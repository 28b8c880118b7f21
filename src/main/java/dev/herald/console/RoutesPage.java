package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.provider.ProviderConnections;
import dev.herald.routing.ConnectionHealthView;
import dev.herald.routing.HealthReader;
import dev.herald.routing.Route;
import dev.herald.routing.RouteRequest;
import dev.herald.routing.RouteService;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Routes and connection health: which connections each channel (and SMS prefix) goes through, a form to add a
 * route, and every connection's circuit, latency and live delivery rate.
 */
@Controller
class RoutesPage {

    private final RouteService routes;
    private final ProviderConnections connections;
    private final HealthReader health;

    RoutesPage(RouteService routes, ProviderConnections connections, HealthReader health) {
        this.routes = routes;
        this.connections = connections;
        this.health = health;
    }

    /** A route as the page lists it: its connections by name, with weights. */
    record RouteRow(UUID id, String channel, String prefix, String mode, String connections, String failover) {}

    @GetMapping("/console/routes")
    String list(ConsoleUser user, Model model) {
        return page(user, model, Map.of(), List.of());
    }

    private String page(ConsoleUser user, Model model, Map<String, String> values, List<String> errors) {
        UUID account = user.account().value();
        List<ProviderConnections.Stored> stored = connections.list(account, null, null);
        Map<UUID, String> names = new java.util.HashMap<>();
        stored.forEach(s -> names.put(s.connection().id(), s.connection().name()));
        List<RouteRow> rows = routes.list(account, null).stream().map(r -> row(r, names)).toList();
        List<ConnectionHealthView> healths = stored.stream().map(s -> health.of(account, s.connection().id())).toList();
        model.addAttribute("routes", rows);
        model.addAttribute("health", healths);
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(Channel::key).sorted().toList());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "console/routes";
    }

    private static RouteRow row(Route r, Map<UUID, String> names) {
        String entries = String.join(", ", r.entries().stream().map(e -> names.getOrDefault(e.connectionId(), "?")
                + (r.mode() == Route.Mode.WEIGHTED ? " ×" + e.weight() : "")).toList());
        List<String> failover = new ArrayList<>();
        if (r.reportTimeoutSeconds() != null) {
            failover.add("no report in " + r.reportTimeoutSeconds() + " s");
        }
        if (r.minDeliveryRate() != null) {
            failover.add("shift below " + Math.round(r.minDeliveryRate() * 100) + " % delivered");
        }
        return new RouteRow(r.id(), r.channel().key(), r.prefix().isEmpty() ? "any" : "+" + r.prefix(), r.mode().name(),
                entries, String.join("; ", failover));
    }

    @PostMapping("/console/routes")
    String create(ConsoleUser user, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        try {
            List<RouteRequest.Connection> entries = new ArrayList<>();
            for (String part : form.getOrDefault("connections", "").split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] nameAndWeight = part.strip().split(":", 2);
                entries.add(new RouteRequest.Connection(nameAndWeight[0].strip(),
                        nameAndWeight.length > 1 ? number(nameAndWeight[1], "connections") : null));
            }
            Integer timeout = form.getOrDefault("reportTimeoutSeconds", "").isBlank() ? null
                    : number(form.get("reportTimeoutSeconds"), "reportTimeoutSeconds");
            Double minRate = form.getOrDefault("minDeliveryPercent", "").isBlank() ? null
                    : number(form.get("minDeliveryPercent"), "minDeliveryPercent") / 100.0;
            Route route = routes.create(user.account().value(), new RouteRequest(form.get("channel"), form.get("prefix"),
                    form.get("mode"), entries, timeout, minRate));
            flash.addFlashAttribute("notice", "Route added: " + route.channel().key()
                    + (route.prefix().isEmpty() ? "" : " +" + route.prefix()) + " goes through "
                    + route.entries().size() + " connection(s).");
            return "redirect:/console/routes";
        } catch (InvalidRequestException e) {
            return page(user, model, form, e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
        }
    }

    private static int number(String value, String field) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be a whole number");
        }
    }

    @GetMapping("/console/routes/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        Route route = routes.find(user.account().value(), routeId(id));
        return new Confirmation("Remove the route for " + PlainLanguage.channel(route.channel().name())
                        + (route.prefix() == null || route.prefix().isEmpty() ? ""
                        : " numbers starting +" + route.prefix().replaceFirst("^\\+", "")) + "?",
                "Its messages go through the channel's default connection instead. This cannot be undone.",
                "Remove", "/console/routes/" + route.id() + "/delete", "/console/routes").show(model, "routes", null);
    }

    @PostMapping("/console/routes/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        UUID routeId = routeId(id);
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/routes/" + routeId + "/delete");
        }
        routes.delete(user.account().value(), routeId);
        flash.addFlashAttribute("notice", "The route was removed; its messages go through the channel's default connection.");
        return "redirect:/console/routes";
    }

    private static UUID routeId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No route " + id + " in this account.");
        }
    }
}

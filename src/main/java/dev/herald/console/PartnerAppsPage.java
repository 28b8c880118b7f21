package dev.herald.console;

import dev.herald.auth.ApiScope;
import dev.herald.oauth.ConnectedApps;
import dev.herald.oauth.PartnerApps;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * OAuth: the partner apps this account develops (registered here, with a client secret shown once) and the
 * apps of others it let in (connected apps, which it can disconnect). See docs/oauth.md.
 */
@Controller
class PartnerAppsPage {

    private static final int MAX_NAME = 100;
    private static final int MAX_URL = 1000;

    private final PartnerApps partnerApps;
    private final ConnectedApps connectedApps;

    PartnerAppsPage(PartnerApps partnerApps, ConnectedApps connectedApps) {
        this.partnerApps = partnerApps;
        this.connectedApps = connectedApps;
    }

    @GetMapping("/console/oauth")
    String page(ConsoleUser user, Model model) {
        return page(user, model, "", "", List.of(ApiScope.MESSAGES.value()), Map.of());
    }

    private String page(ConsoleUser user, Model model, String name, String callbackUrl, List<String> scopes,
                        Map<String, String> errors) {
        model.addAttribute("partnerApps", partnerApps.list(user.account()));
        model.addAttribute("connectedApps", connectedApps.list(user.account()));
        model.addAttribute("allScopes", Arrays.asList(ApiScope.values()));
        model.addAttribute("name", name);
        model.addAttribute("callbackUrl", callbackUrl);
        model.addAttribute("scopes", scopes);
        model.addAttribute("errors", errors);
        return "console/oauth";
    }

    @PostMapping("/console/oauth/apps")
    String register(ConsoleUser user, @RequestParam(defaultValue = "") String name,
                    @RequestParam(defaultValue = "") String callbackUrl,
                    @RequestParam(name = "scope", required = false) List<String> scopes, Model model,
                    RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        String chosenName = name.strip();
        if (chosenName.isEmpty() || chosenName.length() > MAX_NAME) {
            errors.put("name", "Give the app a name of 1 to " + MAX_NAME + " characters; users see it when they consent.");
        }
        String url = callbackUrl.strip();
        if (!url.isEmpty() && !isCallbackUrl(url)) {
            errors.put("callbackUrl", "An absolute http or https address without #fragment, e.g. https://app.example/oauth/callback.");
        }
        Set<ApiScope> granted = EnumSet.noneOf(ApiScope.class);
        List<String> asked = scopes == null ? List.of() : scopes;
        asked.forEach(s -> ApiScope.of(s).ifPresent(granted::add));
        if (granted.isEmpty()) {
            errors.put("scope", "Choose at least one scope.");
        }
        if (!errors.isEmpty()) {
            return page(user, model, name, callbackUrl, asked, errors);
        }
        flash.addFlashAttribute("registered",
                partnerApps.register(user.account(), chosenName, url.isEmpty() ? null : url, granted, false));
        return "redirect:/console/oauth";
    }

    private static boolean isCallbackUrl(String url) {
        try {
            URI uri = new URI(url);
            return url.length() <= MAX_URL && uri.getScheme() != null && uri.getRawAuthority() != null
                    && uri.getFragment() == null && (uri.getScheme().equals("https") || uri.getScheme().equals("http"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @GetMapping("/console/oauth/apps/{id}/delete")
    String confirmDelete(ConsoleUser user, @PathVariable String id, Model model) {
        PartnerApps.PartnerApp app = partnerApps.list(user.account()).stream().filter(a -> a.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new dev.herald.web.NotFoundException("No app " + id + " in this account."));
        return new Confirmation("Delete the app «" + app.name() + "»?",
                "Every token issued to it stops working, in every account that connected it, and its client secret "
                        + "is forgotten. This cannot be undone.",
                "Delete", "/console/oauth/apps/" + app.id() + "/delete", "/console/oauth").show(model, "oauth", null);
    }

    @PostMapping("/console/oauth/apps/{id}/delete")
    String delete(ConsoleUser user, @PathVariable String id,
                  @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                  RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/oauth/apps/" + id + "/delete");
        }
        if (partnerApps.delete(user.account(), id)) {
            flash.addFlashAttribute("notice", "The app was deleted; every token issued to it stopped working.");
        } else {
            flash.addFlashAttribute("alert", "That app no longer exists.");
        }
        return "redirect:/console/oauth";
    }

    @GetMapping("/console/oauth/connected/{clientId}/disconnect")
    String confirmDisconnect(ConsoleUser user, @PathVariable String clientId, Model model) {
        ConnectedApps.ConnectedApp app = connectedApps.list(user.account()).stream()
                .filter(a -> a.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new dev.herald.web.NotFoundException("No connected app " + clientId));
        return new Confirmation("Disconnect the app «" + app.name() + "»?",
                "Its tokens stop working for this account at once; it can act for you again only if someone "
                        + "connects it anew.",
                "Disconnect", "/console/oauth/connected/" + clientId + "/disconnect", "/console/oauth")
                .show(model, "oauth", null);
    }

    @PostMapping("/console/oauth/connected/{clientId}/disconnect")
    String disconnect(ConsoleUser user, @PathVariable String clientId,
                      @RequestParam(name = Confirmation.FIELD, required = false) String confirmed,
                      RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return Confirmation.ask("/console/oauth/connected/" + clientId + "/disconnect");
        }
        if (connectedApps.disconnect(user.account(), clientId)) {
            flash.addFlashAttribute("notice", "The app is disconnected: its tokens no longer work for this account.");
        } else {
            flash.addFlashAttribute("alert", "That app is not connected.");
        }
        return "redirect:/console/oauth";
    }
}

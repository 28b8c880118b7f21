package dev.herald.oauth;

import dev.herald.auth.ApiGroup;
import dev.herald.auth.ApiScope;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The page where a signed-in user lets a partner app into their account: the app's name and logo and what
 * each requested scope allows. Allowing posts the scopes back to the authorize endpoint, which redirects to
 * the app with a code; denying posts none, and the app gets {@code error=access_denied}.
 */
@Controller
class ConsentPage {

    private final PartnerApps apps;

    ConsentPage(PartnerApps apps) {
        this.apps = apps;
    }

    @GetMapping(AuthorizationServerConfiguration.CONSENT)
    ResponseEntity<String> consent(Principal user, @RequestParam(name = "client_id") String clientId,
                                   @RequestParam(name = "scope", defaultValue = "") String scope,
                                   @RequestParam String state) {
        PartnerApps.ConsentView app = apps.consentView(clientId).orElse(null);
        if (app == null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_HTML)
                    .body(page("Unknown application", "<p>No application has this client id.</p>"));
        }
        List<ApiScope> scopes = Arrays.stream(scope.split(" ")).map(ApiScope::of).flatMap(java.util.Optional::stream)
                .toList();
        String name = esc(app.name());
        StringBuilder body = new StringBuilder();
        if (app.hasLogo()) {
            body.append("<img class=\"logo\" alt=\"\" src=\"/oauth/apps/").append(esc(app.clientId()))
                    .append("/logo\">\n");
        }
        body.append("<h1>").append(name).append("</h1>\n<p><b>").append(name)
                .append("</b> asks for access to your Herald account as <b>").append(esc(user.getName()))
                .append("</b>:</p>\n<ul>\n");
        for (ApiScope s : scopes) {
            String groups = s.groups().stream().map(ApiGroup::key).collect(Collectors.joining(", "));
            body.append("  <li><b>").append(esc(s.description())).append("</b> <small>(scope ")
                    .append(esc(s.value())).append("; API groups: ").append(esc(groups)).append(")</small></li>\n");
        }
        body.append("</ul>\n<form method=\"post\" action=\"").append(AuthorizationServerConfiguration.AUTHORIZE)
                .append("\">\n").append(hidden("client_id", clientId)).append(hidden("state", state));
        for (ApiScope s : scopes) {
            body.append(hidden("scope", s.value()));
        }
        body.append("  <button type=\"submit\" id=\"allow\">Allow</button>\n</form>\n<form method=\"post\" action=\"")
                .append(AuthorizationServerConfiguration.AUTHORIZE).append("\">\n")
                .append(hidden("client_id", clientId)).append(hidden("state", state))
                .append("  <button type=\"submit\" id=\"deny\">Deny</button>\n</form>\n");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .body(page("Allow " + app.name() + "?", body.toString()));
    }

    /** Public: the consent page shows it, and it is no secret. */
    @GetMapping("/oauth/apps/{clientId}/logo")
    ResponseEntity<byte[]> logo(@PathVariable String clientId) {
        return apps.logoOfClient(clientId)
                .map(logo -> ResponseEntity.ok().contentType(MediaType.parseMediaType(logo.contentType()))
                        .header("X-Content-Type-Options", "nosniff")
                        .cacheControl(CacheControl.noCache()).body(logo.bytes()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static String hidden(String name, String value) {
        return "  <input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">\n";
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
                .logo{width:96px;height:96px;object-fit:cover}form{display:inline-block;margin-right:1rem}</style>
                </head><body>
                %s</body></html>
                """.formatted(esc(title), body);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}

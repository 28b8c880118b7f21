package dev.herald.sso;

import dev.herald.auth.AccountId;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The calling account's single sign-on settings (docs/accounts.md, "Single sign-on"). */
@RestController
@RequestMapping("/api/v1/sso")
@Tag(name = "Single sign-on", description = "The account's OpenID Connect provider. API group: full.")
class SsoController {

    private final SsoSettings settings;
    private final SsoDomains domains;

    SsoController(SsoSettings settings, SsoDomains domains) {
        this.settings = settings;
        this.domains = domains;
    }

    @GetMapping
    @Operation(summary = "Read the single sign-on settings", description = "Never the client secret. 404 when none.")
    SsoConnection get(AccountId account) {
        return settings.find(account).orElseThrow(() -> new NotFoundException("The account has no single sign-on"));
    }

    @PutMapping
    @Operation(summary = "Set the single sign-on settings", description = "{issuer, clientId, clientSecret, domains, "
            + "defaultRole}: the issuer's discovery document is read first (400 names the field); a blank "
            + "clientSecret keeps the stored one; 409 when another account has proven a domain. A new domain signs in "
            + "once verified: see domainVerification and POST /api/v1/sso/domains/{domain}/verify.")
    SsoConnection put(AccountId account, @RequestBody SsoSettings.Change change) {
        return settings.save(account, change);
    }

    @PostMapping("/domains/{domain}/verify")
    @Operation(summary = "Verify a domain by its DNS record", description = "Looks up the domain's TXT records; when "
            + "herald-verification=<token> (the record in domainVerification) is among them, the domain is verified "
            + "and its people sign in. 404 when the settings name no such domain; 409 when the record is not found "
            + "or another account has proven the domain; 503 when DNS did not answer.")
    SsoConnection.Domain verify(AccountId account, @PathVariable String domain) {
        return domains.verify(account, domain);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Turn single sign-on off", description = "People created by it stay, and sign in with a "
            + "password after a reset. 404 when none.")
    void delete(AccountId account) {
        settings.delete(account);
    }
}

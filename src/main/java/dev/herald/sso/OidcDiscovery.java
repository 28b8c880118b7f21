package dev.herald.sso;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an issuer's OpenID Connect discovery document ({@code <issuer>/.well-known/openid-configuration}) through
 * the {@link IssuerGuard}, with short timeouts, no redirects and a size bound, and turns it into the start of a
 * client registration. The endpoints it names that Herald calls itself (token, keys, user info) pass the guard
 * too; the authorization endpoint is only where the browser is sent.
 */
@Component
class OidcDiscovery {

    private static final int MAX_DOCUMENT = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Why the issuer cannot be used, for the field {@code issuer}. */
    static final class DiscoveryException extends Exception {
        DiscoveryException(String message) {
            super(message);
        }
    }

    private final IssuerGuard guard;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    OidcDiscovery(IssuerGuard guard, JsonMapper json) {
        this.guard = guard;
        this.json = json;
    }

    ClientRegistration.Builder discover(String issuer) throws DiscoveryException {
        refuse(guard.refusal(issuer), "");
        String location = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> metadata = fetch(location + "/.well-known/openid-configuration");
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new DiscoveryException("the provider names its issuer " + metadata.get("issuer")
                    + ", not this URL");
        }
        for (String endpoint : List.of("token_endpoint", "jwks_uri", "userinfo_endpoint")) {
            if (metadata.get(endpoint) instanceof String url) {
                refuse(guard.refusal(url), "its " + endpoint + " ");
            }
        }
        try {
            return ClientRegistrations.fromOidcConfiguration(metadata);
        } catch (RuntimeException e) {
            throw new DiscoveryException("the discovery document is not usable: " + e.getMessage());
        }
    }

    private Map<String, Object> fetch(String url) throws DiscoveryException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DiscoveryException(url + " answered " + response.statusCode());
                }
                byte[] document = body.readNBytes(MAX_DOCUMENT + 1);
                if (document.length > MAX_DOCUMENT) {
                    throw new DiscoveryException(url + " is larger than " + MAX_DOCUMENT / 1024 + " KB");
                }
                return json.readValue(document, new TypeReference<Map<String, Object>>() {});
            }
        } catch (IOException e) {
            throw new DiscoveryException(url + " could not be read: " + e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            throw new DiscoveryException(url + " is not a JSON discovery document");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while reading " + url);
        }
    }

    private static void refuse(Optional<String> refusal, String what) throws DiscoveryException {
        if (refusal.isPresent()) {
            throw new DiscoveryException(what + refusal.get());
        }
    }
}

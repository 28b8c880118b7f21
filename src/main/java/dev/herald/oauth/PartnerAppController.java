package dev.herald.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.auth.AccountId;
import dev.herald.auth.ApiScope;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A developer account registers its partner apps: the OAuth clients other accounts can connect. */
@RestController
@RequestMapping("/api/v1/partner-apps")
@Tag(name = "Partner apps", description = "OAuth 2.0 clients registered by the calling account (see docs/oauth.md). "
        + "API group: full.")
class PartnerAppController {

    private final PartnerApps apps;
    private final OAuthProperties properties;

    PartnerAppController(PartnerApps apps, OAuthProperties properties) {
        this.apps = apps;
        this.properties = properties;
    }

    /**
     * @param callbackUrl  where users come back with a code; may be set later
     * @param scopes       of {@code full}, {@code events}, {@code events-contacts}, {@code messages}
     * @param publicClient an app that cannot keep a secret (no client secret; PKCE required)
     */
    record RegisterRequest(String name, String callbackUrl, List<String> scopes,
                           @JsonProperty("public") Boolean publicClient) {}

    record UpdateRequest(String name, String callbackUrl, List<String> scopes) {}

    /** An app as shown to its developer; {@code clientSecret} only in the response that created it. */
    record AppView(String id, String clientId, String clientSecret, String name, String callbackUrl,
                   List<String> scopes, @JsonProperty("public") boolean publicClient, String logoUrl,
                   Instant createdAt) {

        static AppView of(PartnerApps.PartnerApp app, String secret) {
            return new AppView(app.id(), app.clientId(), secret, app.name(), app.callbackUrl(), app.scopes(),
                    app.publicClient(), app.hasLogo() ? "/oauth/apps/" + app.clientId() + "/logo" : null,
                    app.createdAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a partner app",
            description = "Returns the client id and, only in this response, the client secret.")
    AppView register(AccountId account, @RequestBody RegisterRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(request.name(), true, problems);
        String callbackUrl = callbackUrl(request.callbackUrl(), problems);
        Set<ApiScope> scopes = scopes(request.scopes(), true, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        PartnerApps.Registered registered = apps.register(account, name,
                callbackUrl == null || callbackUrl.isEmpty() ? null : callbackUrl, scopes,
                Boolean.TRUE.equals(request.publicClient()));
        return AppView.of(registered.app(), registered.clientSecret());
    }

    @GetMapping
    @Operation(summary = "List the account's partner apps")
    List<AppView> list(AccountId account) {
        return apps.list(account).stream().map(app -> AppView.of(app, null)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One partner app")
    AppView get(AccountId account, @PathVariable String id) {
        return apps.find(account, id).map(app -> AppView.of(app, null)).orElseThrow(() -> notFound(id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a partner app", description = "Fields left out stay; callbackUrl \"\" removes it.")
    AppView update(AccountId account, @PathVariable String id, @RequestBody UpdateRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(request.name(), false, problems);
        String callbackUrl = callbackUrl(request.callbackUrl(), problems);
        Set<ApiScope> scopes = scopes(request.scopes(), false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return apps.update(account, id, name, callbackUrl, scopes).map(app -> AppView.of(app, null))
                .orElseThrow(() -> notFound(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a partner app", description = "Every token issued to it stops working at once.")
    void delete(AccountId account, @PathVariable String id) {
        if (!apps.delete(account, id)) {
            throw notFound(id);
        }
    }

    @PutMapping(path = "/{id}/logo", consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_GIF_VALUE,
            MediaType.IMAGE_JPEG_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Upload the consent-page logo",
            description = "The image is the body: JPG, GIF or PNG (checked by content), at most 1 MB.")
    void uploadLogo(AccountId account, @PathVariable String id, @RequestBody byte[] image) {
        storeLogo(account, id, image);
    }

    @PutMapping(path = "/{id}/logo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Upload the consent-page logo as a form field named logo")
    void uploadLogoForm(AccountId account, @PathVariable String id, @RequestPart("logo") MultipartFile image)
            throws IOException {
        storeLogo(account, id, image.getBytes());
    }

    @GetMapping("/{id}/logo")
    @Operation(summary = "The app's logo")
    ResponseEntity<byte[]> logo(AccountId account, @PathVariable String id) {
        LogoImage logo = apps.logo(account, id).orElseThrow(() -> new NotFoundException("No logo for app " + id));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(logo.contentType())).body(logo.bytes());
    }

    private void storeLogo(AccountId account, String id, byte[] image) {
        LogoImage logo = LogoImage.of(image, properties.maxLogoSize().toBytes());
        if (!apps.storeLogo(account, id, logo)) {
            throw notFound(id);
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No partner app " + id);
    }

    private static String name(String name, boolean required, List<FieldProblem> problems) {
        if (name == null) {
            if (required) {
                problems.add(new FieldProblem("name", "is required"));
            }
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > 100) {
            problems.add(new FieldProblem("name", "must be 1 to 100 characters"));
        }
        return stripped;
    }

    /** Absolute http(s), no fragment: it is compared exactly with the redirect_uri of each request. */
    private static String callbackUrl(String url, List<FieldProblem> problems) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getRawAuthority() == null || uri.getFragment() != null || url.length() > 1000) {
                problems.add(new FieldProblem("callbackUrl", "must be an absolute http or https URL without #fragment"));
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(new FieldProblem("callbackUrl", "must be a valid URL"));
        }
        return url;
    }

    private static Set<ApiScope> scopes(List<String> values, boolean required, List<FieldProblem> problems) {
        if (values == null) {
            if (required) {
                problems.add(new FieldProblem("scopes", "is required: one or more of " + allScopes()));
            }
            return null;
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            ApiScope.of(values.get(i)).ifPresentOrElse(scopes::add,
                    () -> problems.add(new FieldProblem("scopes[" + index + "]", "must be one of " + allScopes())));
        }
        if (values.isEmpty()) {
            problems.add(new FieldProblem("scopes", "must name at least one of " + allScopes()));
        }
        return scopes;
    }

    private static String allScopes() {
        return String.join(", ", java.util.Arrays.stream(ApiScope.values()).map(ApiScope::value).toList());
    }
}

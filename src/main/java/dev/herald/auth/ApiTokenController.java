package dev.herald.auth;

import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An account manages its own API tokens: create (shown once), list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "API tokens", description = "Bearer tokens of the calling account. API group: full.")
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateTokenRequest(String name, List<String> scopes) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a token", description = "The token value is returned only in this response. "
            + "`scopes` (the OAuth scopes of docs/oauth.md, e.g. [\"messages\"]) limits it to their API groups; "
            + "left out, it reaches every group (`full`). 400 names an unknown scope.")
    ApiTokens.IssuedToken create(AccountId account, @RequestBody(required = false) CreateTokenRequest request) {
        String name = request == null || request.name() == null ? "API token" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidRequestException("name", "must be 1 to 100 characters");
        }
        return tokens.issue(account, name, scopes(request == null ? null : request.scopes()));
    }

    private static Set<ApiScope> scopes(List<String> given) {
        if (given == null) {
            return EnumSet.of(ApiScope.FULL);
        }
        if (given.isEmpty() || given.size() > ApiScope.values().length) {
            throw new InvalidRequestException("scopes", "name 1 to " + ApiScope.values().length + " scopes");
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (int i = 0; i < given.size(); i++) {
            int index = i;
            scopes.add(ApiScope.of(given.get(i) == null ? "" : given.get(i).strip()).orElseThrow(() ->
                    new InvalidRequestException("scopes[" + index + "]", "unknown scope; known: " + Arrays.stream(
                            ApiScope.values()).map(ApiScope::value).collect(Collectors.joining(", ")))));
        }
        return scopes;
    }

    @GetMapping
    @Operation(summary = "List tokens", description = "Shows a hint of each token, never the token itself.")
    List<ApiTokens.TokenInfo> list(AccountId account) {
        return tokens.list(account);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a token", description = "Requests with a revoked token get 401 from then on.")
    void revoke(AccountId account, @PathVariable UUID id) {
        if (!tokens.revoke(account, id)) {
            throw new NotFoundException("No live token " + id);
        }
    }
}

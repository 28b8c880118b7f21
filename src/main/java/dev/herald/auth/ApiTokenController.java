package dev.herald.auth;

import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
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

    record CreateTokenRequest(String name) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a token", description = "The token value is returned only in this response.")
    ApiTokens.IssuedToken create(AccountId account, @RequestBody(required = false) CreateTokenRequest request) {
        String name = request == null || request.name() == null ? "API token" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidRequestException("name", "must be 1 to 100 characters");
        }
        return tokens.issue(account, name);
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

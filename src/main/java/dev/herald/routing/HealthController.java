package dev.herald.routing;

import dev.herald.auth.AccountId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A provider connection's health, as routes see it. */
@RestController
@Tag(name = "Providers")
class HealthController {

    private final HealthReader health;

    HealthController(HealthReader health) {
        this.health = health;
    }

    @GetMapping("/api/v1/providers/{id}/health")
    @Operation(summary = "A connection's circuit, latency and live delivery rate",
            description = "The circuit and latency are the answering node's (each node keeps its own); the delivery "
                    + "rate (DELIVERED ÷ reported, per destination prefix) is over herald.routing.rate-window, all "
                    + "nodes together. API group: full.", responses = {
            @ApiResponse(responseCode = "200", description = "The connection's health"),
            @ApiResponse(responseCode = "404", description = "No such connection for this account")})
    ConnectionHealthView health(AccountId account, @PathVariable UUID id) {
        return health.of(account.value(), id);
    }
}

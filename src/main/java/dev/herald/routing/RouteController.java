package dev.herald.routing;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's routes: several connections per channel, with failover between them. */
@RestController
@RequestMapping("/api/v1/routes")
@Tag(name = "Routes", description = "Routes send a channel's messages over several of the account's provider "
        + "connections, in order or by weight, optionally per destination prefix (SMS; the longest prefix wins), "
        + "failing over to the next connection when one fails for a reason of its own. A group's "
        + "`channels.<ch>.provider` still forces one connection. API group: full.")
class RouteController {

    private final RouteService service;
    private final ProviderConnections connections;

    RouteController(RouteService service, ProviderConnections connections) {
        this.service = service;
        this.connections = connections;
    }

    @GetMapping
    @Operation(summary = "The account's routes")
    Listing<RouteView> list(AccountId account, @RequestParam(required = false) String channel) {
        Channel wanted = channel == null ? null : Channel.parse(channel)
                .orElseThrow(() -> new InvalidRequestException("channel", "unknown channel; known: " + Channel.keys()));
        List<RouteView> views = service.list(account.value(), wanted).stream().map(r -> view(account, r)).toList();
        return new Listing<>(views.size(), views);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a route", responses = {
            @ApiResponse(responseCode = "201", description = "Created"),
            @ApiResponse(responseCode = "400", description = "Invalid: the problems name their fields")})
    RouteView create(AccountId account, @RequestBody(required = false) RouteRequest request) {
        return view(account, service.create(account.value(), request));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One route", responses = {
            @ApiResponse(responseCode = "200", description = "The route"),
            @ApiResponse(responseCode = "404", description = "No such route for this account")})
    RouteView get(AccountId account, @PathVariable UUID id) {
        return view(account, service.find(account.value(), id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a route", description = "Messages already queued follow the new route within "
            + "seconds on every node.", responses = {
            @ApiResponse(responseCode = "200", description = "The route as stored"),
            @ApiResponse(responseCode = "400", description = "Invalid: the problems name their fields"),
            @ApiResponse(responseCode = "404", description = "No such route for this account")})
    RouteView replace(AccountId account, @PathVariable UUID id, @RequestBody(required = false) RouteRequest request) {
        return view(account, service.replace(account.value(), id, request));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a route", description = "Messages queued for the route go through the channel's "
            + "default connection.", responses = {
            @ApiResponse(responseCode = "204", description = "Deleted"),
            @ApiResponse(responseCode = "404", description = "No such route for this account")})
    ResponseEntity<Void> delete(AccountId account, @PathVariable UUID id) {
        service.delete(account.value(), id);
        return ResponseEntity.noContent().build();
    }

    private RouteView view(AccountId account, Route route) {
        List<RouteView.Connection> entries = route.entries().stream()
                .map(e -> new RouteView.Connection(e.connectionId(), connections.find(account.value(), e.connectionId())
                        .map(s -> s.connection().name()).orElse(null), e.weight()))
                .toList();
        return new RouteView(route.id(), route.channel().key(), route.prefix(), route.mode().name(), entries,
                route.reportTimeoutSeconds(), route.minDeliveryRate(), route.createdAt(), route.updatedAt());
    }
}

package dev.herald.routing;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A connection's price list, from which every message's cost is taken when the connection accepts it. */
@RestController
@Tag(name = "Providers")
class PriceController {

    static final int MAX_PRICES = 1000;

    private final Prices prices;
    private final ProviderConnections connections;

    PriceController(Prices prices, ProviderConnections connections) {
        this.prices = prices;
        this.connections = connections;
    }

    record PriceRequest(String prefix, String unit, BigDecimal price, String currency, String validFrom,
                        String validUntil) {}

    @GetMapping("/api/v1/providers/{id}/prices")
    @Operation(summary = "A connection's price list", description = "API group: full.", responses = {
            @ApiResponse(responseCode = "200", description = "The prices"),
            @ApiResponse(responseCode = "404", description = "No such connection for this account")})
    Listing<Price> list(AccountId account, @PathVariable UUID id) {
        own(account, id);
        List<Price> all = prices.list(account.value(), id);
        return new Listing<>(all.size(), all);
    }

    @PostMapping("/api/v1/providers/{id}/prices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a price", description = "Per MESSAGE or per SMS PART; the longest prefix valid at "
            + "hand-over wins. API group: full.", responses = {
            @ApiResponse(responseCode = "201", description = "Added"),
            @ApiResponse(responseCode = "400", description = "Invalid: the problems name their fields"),
            @ApiResponse(responseCode = "404", description = "No such connection for this account")})
    Price add(AccountId account, @PathVariable UUID id, @RequestBody(required = false) PriceRequest request) {
        Channel channel = own(account, id);
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with unit, price and currency is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String prefix = request.prefix() == null ? "" : request.prefix().strip().replaceFirst("^\\+", "");
        if (!prefix.isEmpty() && !prefix.matches("[0-9]{1,15}")) {
            problems.add(new FieldProblem("prefix", "must be 1 to 15 digits of a phone number (a leading + is allowed)"));
        }
        Price.Unit unit = null;
        try {
            unit = request.unit() == null ? Price.Unit.MESSAGE : Price.Unit.valueOf(request.unit().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("unit", "must be MESSAGE or PART"));
        }
        if (unit == Price.Unit.PART && channel != Channel.SMS) {
            problems.add(new FieldProblem("unit", "only SMS connections are priced per part"));
        }
        BigDecimal price = request.price();
        if (price == null || price.signum() < 0 || price.compareTo(BigDecimal.valueOf(100_000_000)) >= 0 || price.scale() > 6) {
            problems.add(new FieldProblem("price", "is required: 0 or more, below 100000000, at most 6 decimals"));
        }
        String currency = request.currency() == null ? "" : request.currency().strip().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("currency", "is required: a three-letter ISO 4217 code such as EUR"));
        }
        Instant from = TimeParameter.parse(request.validFrom(), "validFrom", problems);
        Instant until = TimeParameter.parse(request.validUntil(), "validUntil", problems);
        if (from != null && until != null && !until.isAfter(from)) {
            problems.add(new FieldProblem("validUntil", "must be after validFrom"));
        }
        if (prices.count(account.value(), id) >= MAX_PRICES) {
            problems.add(new FieldProblem("$", "a connection may have at most " + MAX_PRICES + " prices"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Price added = new Price(UUID.randomUUID(), id, prefix, unit, price, currency, from, until, Instant.now());
        prices.insert(account.value(), added);
        return added;
    }

    @DeleteMapping("/api/v1/providers/{id}/prices/{priceId}")
    @Operation(summary = "Remove a price", description = "API group: full.", responses = {
            @ApiResponse(responseCode = "204", description = "Removed"),
            @ApiResponse(responseCode = "404", description = "No such price or connection for this account")})
    ResponseEntity<Void> delete(AccountId account, @PathVariable UUID id, @PathVariable UUID priceId) {
        own(account, id);
        if (!prices.delete(account.value(), id, priceId)) {
            throw new NotFoundException("No price " + priceId);
        }
        return ResponseEntity.noContent().build();
    }

    private Channel own(AccountId account, UUID id) {
        return connections.find(account.value(), id).map(s -> s.connection().channel())
                .orElseThrow(() -> new NotFoundException("No provider connection " + id));
    }
}

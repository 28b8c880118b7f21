package dev.herald.channel.http;

import dev.herald.HeraldProperties;
import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.ProviderConnection;
import dev.herald.support.ConstantTime;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery reports from an HTTP gateway: {@code POST /webhooks/http/{gateway}} (a configured gateway's name, or
 * the id of an account's {@code http} connection) with
 * {@code Authorization: Bearer <webhook-secret>} and {@code {"id": "<the gateway's id>", "status": "DELIVERED"}}.
 * The same report twice changes nothing.
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class HttpGatewayWebhook {

    private final HttpGateways gateways;
    private final ConnectionLookup connections;
    private final DeliveryReports reports;
    private final JsonMapper json;

    HttpGatewayWebhook(HttpGateways gateways, ConnectionLookup connections, DeliveryReports reports,
                       JsonMapper json) {
        this.gateways = gateways;
        this.connections = connections;
        this.reports = reports;
        this.json = json;
    }

    /** A gateway's report; {@code status} is one of DELIVERED, UNDELIVERED, EXPIRED, READ, CLICKED, FAILED. */
    record Report(String id, String status, String errorCode, String errorText) {}

    @PostMapping("/webhooks/http/{gateway}")
    @Operation(summary = "Receive a delivery report from an HTTP gateway")
    ResponseEntity<Void> report(@PathVariable String gateway,
                                @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                @RequestBody(required = false) String body) {
        Optional<ProviderConnection> connection = connection(gateway);
        HeraldProperties.HttpGateway config = connection.map(HttpGatewayType::config).orElse(gateways.config(gateway));
        if (config == null) {
            throw new NotFoundException("No HTTP gateway " + gateway);
        }
        String provider = connection.map(ProviderConnection::key).orElse(gateway);
        if (config.webhookSecret() == null || config.webhookSecret().isBlank() || authorization == null
                || !ConstantTime.equals(authorization, "Bearer " + config.webhookSecret())) {
            throw new UnauthorizedException("The webhook needs Authorization: Bearer <the gateway's webhook-secret>");
        }
        // Read only once the caller proved to be the gateway: anyone on the internet may post here.
        Report report;
        try {
            report = body == null ? null : json.readValue(body, Report.class);
        } catch (JacksonException e) {
            throw new InvalidRequestException("$", "must be a JSON object {\"id\", \"status\", \"errorCode\", \"errorText\"}");
        }
        if (report == null || report.id() == null || report.id().isBlank()) {
            throw new InvalidRequestException("id", "is required");
        }
        DeliveryReport.Outcome outcome = Arrays.stream(DeliveryReport.Outcome.values())
                .filter(o -> o.name().equalsIgnoreCase(report.status() == null ? "" : report.status()))
                .findFirst()
                .orElseThrow(() -> new InvalidRequestException("status",
                        "must be one of " + Arrays.toString(DeliveryReport.Outcome.values())));
        reports.report(new DeliveryReport(provider, report.id(), outcome, report.errorCode(), report.errorText()));
        return ResponseEntity.noContent().build();
    }

    /** An account's gateway connection, when the path names one by its id. */
    private Optional<ProviderConnection> connection(String gateway) {
        try {
            return connections.find(UUID.fromString(gateway)).filter(c -> c.type().equals(HttpGatewayType.TYPE));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}

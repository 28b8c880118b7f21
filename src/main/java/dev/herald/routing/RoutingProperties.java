package dev.herald.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings ({@code herald.routing.*}); see {@code docs/configuration.md}.
 *
 * @param breakerFailures    consecutive failed hand-overs that open a connection's circuit
 * @param breakerErrorRate   share of failures among the last {@code breakerWindow} hand-overs that opens it
 * @param breakerWindow      how many recent hand-overs the error rate is taken over
 * @param breakerOpenFor     how long an open circuit refuses messages before one probe is let through
 * @param rateWindow         the sliding window of the live delivery rate
 * @param rateMinReports     fewer reports than this in the window and the rate is not judged
 * @param shiftedWeight      the share of its weight a connection keeps while its rate is below the route's minimum
 * @param reportSweep        how often sent messages are checked for a delivery report that did not come in time
 * @param cascadeMinDeliveryRate the cascade planner puts a channel whose connection's live delivery rate for the
 *                           destination's prefix is below this after the others (see {@link CascadePlanner})
 */
@ConfigurationProperties("herald.routing")
public record RoutingProperties(
        @DefaultValue("5") int breakerFailures,
        @DefaultValue("0.5") double breakerErrorRate,
        @DefaultValue("20") int breakerWindow,
        @DefaultValue("30s") Duration breakerOpenFor,
        @DefaultValue("15m") Duration rateWindow,
        @DefaultValue("20") int rateMinReports,
        @DefaultValue("0.1") double shiftedWeight,
        @DefaultValue("5s") Duration reportSweep,
        @DefaultValue("0.5") double cascadeMinDeliveryRate) {}

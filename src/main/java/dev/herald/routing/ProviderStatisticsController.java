package dev.herald.routing;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Per-provider statistics over the API: counts, delivery rate, median time to the report and cost per connection. */
@RestController
@Tag(name = "Statistics")
class ProviderStatisticsController {

    private final ProviderStatistics statistics;

    ProviderStatisticsController(ProviderStatistics statistics) {
        this.statistics = statistics;
    }

    @GetMapping("/api/v1/statistics/providers")
    @Operation(summary = "Sent, delivered, undelivered, failed, delivery rate, median time to the report and cost "
            + "per provider connection", description = "Messages created in [from, to) (default: the last 7 days; at "
            + "most 366 days), optionally of one channel, optionally split by the first prefixDigits (1..6) digits "
            + "of phone numbers. deliveryRate is delivered / (delivered + undelivered); medianReportSeconds runs from "
            + "hand-over to the first delivery report. API group: messages.", responses = {
            @ApiResponse(responseCode = "200", description = "One row per connection (and prefix)"),
            @ApiResponse(responseCode = "400", description = "Invalid from, to, channel or prefixDigits")})
    ProviderStatistics.Report providers(AccountId account, @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String channel,
                                        @RequestParam(required = false) String prefixDigits) {
        Instant end = TimeParameter.parse(to, "to", Instant.now());
        Instant start = TimeParameter.parse(from, "from", end.minus(Duration.ofDays(7)));
        Integer digits = null;
        if (prefixDigits != null && !prefixDigits.isBlank()) {
            try {
                digits = Integer.valueOf(prefixDigits.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("prefixDigits", "must be a number between 1 and 6");
            }
        }
        return statistics.of(account.value(), start, end, channel, digits);
    }
}

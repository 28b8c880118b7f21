package dev.herald.routing;

import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionKey;
import dev.herald.provider.ChannelRoutes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Orders a destination's channels for a group that asks for it ({@code "cascade": "cheapest"} or {@code "fastest"}).
 * Channels the destination has an address on and whose connection's live delivery rate for the address's prefix is
 * not below {@code herald.routing.cascade-min-delivery-rate} come first, cheapest (the connection's price for the
 * address and parts) or fastest (its median seconds to the delivery report) first; a channel with no price or no
 * median yet goes after those that have one. Then the channels delivering below the threshold, then those with no
 * address. Ties keep the order given. A channel routed over several connections is judged by its route's first
 * connection. Everything is read from caches ({@link Prices}, {@link DeliveryRates}, {@link ReportLatencies}), so a
 * plan costs no query per destination.
 */
@Component
public class CascadePlanner {

    /** How a group asks its channels to be ordered. */
    public enum Mode {
        CHEAPEST, FASTEST;

        /** {@code cheapest} or {@code fastest}, any case; empty for anything else. */
        public static Optional<Mode> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "cheapest" -> Optional.of(CHEAPEST);
                case "fastest" -> Optional.of(FASTEST);
                default -> Optional.empty();
            };
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One channel of the group for one destination.
     *
     * @param provider the provider its messages go through ({@code conn:<id>}, {@code route:<channel>} or built-in)
     * @param address  the destination's address on it, or null when it has none
     * @param parts    how many SMS parts its text takes (1 for other channels), for prices per part
     */
    public record Option(Channel channel, String provider, String address, int parts) {}

    /** A channel in the planned order, and why it stands there. */
    public record Choice(Channel channel, String reason) {}

    private final Prices prices;
    private final DeliveryRates rates;
    private final ReportLatencies latencies;
    private final RouteBook routes;
    private final RoutingProperties properties;

    CascadePlanner(Prices prices, DeliveryRates rates, ReportLatencies latencies, RouteBook routes,
                   RoutingProperties properties) {
        this.prices = prices;
        this.rates = rates;
        this.latencies = latencies;
        this.routes = routes;
        this.properties = properties;
    }

    /** What was found about one option, and where it sorts. */
    private record Judged(int position, Option option, int tier, Double key, String reason) {}

    /** The options in the order to try them, each with its reason; as many as given. */
    public List<Choice> plan(UUID account, Mode mode, List<Option> options, Instant now) {
        List<Judged> judged = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            judged.add(judge(account, mode, i, options.get(i), now));
        }
        judged.sort(Comparator.comparingInt(Judged::tier)
                .thenComparing(Judged::key, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingInt(Judged::position));
        return judged.stream().map(j -> new Choice(j.option().channel(), j.reason())).toList();
    }

    private Judged judge(UUID account, Mode mode, int position, Option option, Instant now) {
        if (option.address() == null) {
            return new Judged(position, option, 2, null, "no address for this destination: skipped");
        }
        Optional<UUID> connection = connectionOf(account, option);
        if (connection.isEmpty()) {
            return new Judged(position, option, 0, null, "through " + option.provider()
                    + ", which has no price list, delivery rate or report times");
        }
        String via = "through " + new ConnectionKey(connection.get());
        String prefix = Prefixes.ofRate(option.address());
        DeliveryRates.Rate rate = rates.under(account, connection.get(), prefix);
        String odds = rate.reported() < properties.rateMinReports()
                ? "delivery rate not judged yet (" + rate.reported() + " of " + properties.rateMinReports() + " reports"
                        + forPrefix(prefix) + ")"
                : String.format(Locale.ROOT, "delivery rate %.2f (%d of %d delivered%s)", rate.rate(), rate.delivered(),
                        rate.reported(), forPrefix(prefix));
        boolean below = rate.reported() >= properties.rateMinReports()
                && rate.rate() < properties.cascadeMinDeliveryRate();
        Double key;
        String measure;
        if (mode == Mode.CHEAPEST) {
            Optional<Prices.Cost> cost = prices.costOf(account, new ConnectionKey(connection.get()).toString(),
                    option.address(), option::parts, now);
            key = cost.map(c -> c.amount().doubleValue()).orElse(null);
            measure = cost.map(c -> "costs " + c.amount().stripTrailingZeros().toPlainString() + " " + c.currency())
                    .orElse("no price for this address");
        } else {
            OptionalDouble median = latencies.median(account, connection.get());
            key = median.isPresent() ? median.getAsDouble() : null;
            measure = median.isPresent()
                    ? String.format(Locale.ROOT, "median %.1f s to the delivery report", median.getAsDouble())
                    : "no median time to the report yet";
        }
        if (below) {
            return new Judged(position, option, 1, key, via + ": " + odds + ", below "
                    + BigDecimal.valueOf(properties.cascadeMinDeliveryRate()).stripTrailingZeros().toPlainString()
                    + ", so after the channels that deliver; " + measure);
        }
        return new Judged(position, option, 0, key, via + ": " + measure + "; " + odds);
    }

    /** The connection a channel's messages go to first: its own, or its route's first for the address. */
    private Optional<UUID> connectionOf(UUID account, Option option) {
        Optional<ConnectionKey> own = ConnectionKey.parse(option.provider());
        if (own.isPresent()) {
            return Optional.of(own.get().connectionId());
        }
        if (ChannelRoutes.isRouteName(option.provider())) {
            return routes.routeFor(account, option.channel(), option.address())
                    .filter(r -> !r.entries().isEmpty())
                    .map(r -> r.entries().getFirst().connectionId());
        }
        return Optional.empty();
    }

    private static String forPrefix(String prefix) {
        return prefix.isEmpty() ? "" : " for " + prefix;
    }
}

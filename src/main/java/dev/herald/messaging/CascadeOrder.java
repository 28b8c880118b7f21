package dev.herald.messaging;

import dev.herald.channel.Channel;
import dev.herald.channel.sms.SmsText;
import dev.herald.delivery.PlannedChannel;
import dev.herald.routing.CascadePlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A destination's channel plan in the order the group's {@code cascade} asks for (see {@link CascadePlanner}), and
 * what the flow records of it: the order and the reason per channel ({@code destination.cascade}), which the
 * message view shows.
 */
@Component
class CascadeOrder {

    /** The plan to store, and its explanation for the flow's destination. */
    record Ordered(List<PlannedChannel> plan, Map<String, Object> explained) {}

    private final CascadePlanner planner;

    CascadeOrder(CascadePlanner planner) {
        this.planner = planner;
    }

    /**
     * The plan's channels reordered, each with the steps that go alongside it (a contact's other messenger tokens).
     *
     * @param contents the group's contents per channel, for the SMS part count of a price per part
     */
    Ordered order(UUID account, CascadePlanner.Mode mode, List<PlannedChannel> plan,
                  Map<Channel, Map<String, Object>> contents, Instant now) {
        Map<Channel, List<PlannedChannel>> blocks = new LinkedHashMap<>();
        plan.forEach(step -> blocks.computeIfAbsent(step.channel(), c -> new ArrayList<>()).add(step));
        List<CascadePlanner.Option> options = new ArrayList<>(blocks.size());
        blocks.forEach((channel, steps) -> options.add(new CascadePlanner.Option(channel, steps.getFirst().provider(),
                steps.getFirst().address(), parts(channel, contents.get(channel)))));
        List<CascadePlanner.Choice> choices = planner.plan(account, mode, options, now);

        List<PlannedChannel> ordered = new ArrayList<>(plan.size());
        List<String> order = new ArrayList<>(choices.size());
        Map<String, String> reasons = new LinkedHashMap<>();
        for (CascadePlanner.Choice choice : choices) {
            ordered.addAll(blocks.get(choice.channel()));
            order.add(choice.channel().key());
            reasons.put(choice.channel().key(), choice.reason());
        }
        Map<String, Object> explained = new LinkedHashMap<>();
        explained.put("mode", mode.key());
        explained.put("order", order);
        explained.put("reasons", reasons);
        return new Ordered(ordered, explained);
    }

    private static int parts(Channel channel, Map<String, Object> content) {
        if (channel != Channel.SMS || content == null) {
            return 1;
        }
        Object text = content.get("text");
        return SmsText.of(text == null ? null : text.toString()).partCount();
    }
}

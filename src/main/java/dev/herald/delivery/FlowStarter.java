package dev.herald.delivery;

import dev.herald.support.tracing.MessageTraces;
import io.opentelemetry.api.common.Attributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Starts accepted flows: creates the first message of each cascade and every {@code required} channel's
 * message, and queues them. The flows, messages, their events and jobs (and the caller's own rows, such as
 * the request's bulk and groups) are written by one statement of multi-row inserts, so a request is stored
 * whole or not at all even outside a transaction, and costs one round trip however many destinations it has.
 */
@Component
public class FlowStarter {

    /** A message due later than this from now is DELAYED rather than CREATED. */
    private static final Duration DELAY_THRESHOLD = Duration.ofSeconds(1);

    private final Flows flows;
    private final Messages messages;
    private final JobQueue queue;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final MessageTraces traces;

    FlowStarter(Flows flows, Messages messages, JobQueue queue, DeliveryMetrics metrics, Clock clock,
                JdbcClient jdbc, MessageTraces traces) {
        this.jdbc = jdbc;
        this.traces = traces;
        this.flows = flows;
        this.messages = messages;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Rows of the caller's written by the same statement, before the flows (e.g. the request's bulk and
     * groups, which the flows refer to).
     *
     * @param ctes   common table expressions, comma-separated, each a data-modifying statement
     * @param params their named parameters; names must not start with {@code f_}, {@code m_} or {@code j_}
     */
    public record LeadingRows(String ctes, Map<String, Object> params) {}

    /** @return one {@link StartedFlow} per flow, in the given order */
    public List<StartedFlow> start(List<NewFlow> newFlows, LeadingRows leading) {
        Instant now = clock.instant();
        long traceStart = traces.enabled() ? epochNanos(Instant.now()) : 0;
        List<Messages.NewMessage> newMessages = new ArrayList<>();
        List<JobQueue.NewJob> jobs = new ArrayList<>();
        List<StartedFlow> started = new ArrayList<>(newFlows.size());
        List<MessageStatus> flowStatuses = new ArrayList<>(newFlows.size());
        for (NewFlow flow : newFlows) {
            List<Integer> toStart = flow.failure() != null ? List.of() : stepsToStart(flow.plan());
            if (toStart.isEmpty()) {
                PlannedChannel first = flow.plan().getFirst();
                MessageError error = flow.failure() != null ? flow.failure() : new MessageError(MessageError.NO_ADDRESS,
                        "The destination has no address for any of its channels ("
                                + String.join(", ", flow.plan().stream().map(s -> s.channel().key()).toList()) + ")"
                                + skipReasons(flow.destination()));
                UUID id = UUID.randomUUID();
                newMessages.add(new Messages.NewMessage(id, flow.accountId(), flow.bulkId(), flow.groupId(), flow.id(),
                        0, first, true, flow.contents().get(first.channel()), MessageStatus.FAILED, error, now,
                        flow.priority()));
                started.add(new StartedFlow(flow.id(), id, first.channel(), MessageStatus.FAILED, error));
                flowStatuses.add(MessageStatus.FAILED);
                continue;
            }
            MessageStatus status = flow.dueAt().isAfter(now.plus(DELAY_THRESHOLD)) ? MessageStatus.DELAYED : MessageStatus.CREATED;
            StartedFlow first = null;
            boolean hasCascade = flow.plan().stream().anyMatch(step -> !step.required() && step.reachable());
            for (int index : toStart) {
                PlannedChannel step = flow.plan().get(index);
                UUID id = UUID.randomUUID();
                // The cascade decides the flow's status; without one, the first message does.
                boolean decides = hasCascade ? !step.required() : first == null;
                newMessages.add(new Messages.NewMessage(id, flow.accountId(), flow.bulkId(), flow.groupId(), flow.id(),
                        index, step, decides, flow.contents().get(step.channel()), status, null,
                        flow.dueAt().plus(Duration.ofMinutes(step.validityMinutes())), flow.priority()));
                jobs.add(new JobQueue.NewJob(id, flow.accountId(), flow.priority(), flow.dueAt()));
                metrics.accepted(step.channel());
                if (first == null) {
                    first = new StartedFlow(flow.id(), id, step.channel(), status, null);
                }
            }
            started.add(first);
            flowStatuses.add(status);
        }
        Map<String, Object> params = new HashMap<>(leading.params());
        params.putAll(flows.params(newFlows, flowStatuses));
        params.putAll(messages.params(newMessages));
        params.putAll(queue.params(jobs));
        String ctes = Stream.of(leading.ctes(), Flows.INSERT_CTE, Messages.INSERT_CTES, JobQueue.INSERT_CTE)
                .filter(cte -> !cte.isBlank())
                .collect(Collectors.joining(",\n"));
        jdbc.sql("WITH " + ctes + "\n" + JobQueue.NOTIFY_IF_SOON)
                .params(params)
                .query()
                .listOfRows();
        if (traces.enabled()) {
            for (Messages.NewMessage message : newMessages) {
                traces.intake(message.id(), traceStart, Attributes.builder()
                        .put("herald.account_id", message.accountId().toString())
                        .put("herald.channel", message.step().channel().name())
                        .put("herald.status", message.status().name()).build());
            }
        }
        return started;
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Every reachable required step, and the first reachable step of the cascade. */
    private static List<Integer> stepsToStart(List<PlannedChannel> plan) {
        List<Integer> indexes = new ArrayList<>();
        boolean cascadeStarted = false;
        boolean anchorStarted = false;
        for (int i = 0; i < plan.size(); i++) {
            PlannedChannel step = plan.get(i);
            if (step.alongside()) {
                if (anchorStarted && step.reachable()) {
                    indexes.add(i);
                }
                continue;
            }
            anchorStarted = false;
            if (!step.reachable()) {
                continue;
            }
            if (step.required()) {
                indexes.add(i);
                anchorStarted = true;
            } else if (!cascadeStarted) {
                indexes.add(i);
                cascadeStarted = true;
                anchorStarted = true;
            }
        }
        return indexes;
    }

    /** Why a contact named by the destination gave no address, per channel (see ContactDestinations). */
    private static String skipReasons(Map<String, Object> destination) {
        if (destination.get("contact") instanceof Map<?, ?> contact && contact.get("skipped") instanceof Map<?, ?> skipped
                && !skipped.isEmpty()) {
            StringBuilder reasons = new StringBuilder(":");
            skipped.forEach((channel, reason) -> reasons.append(' ').append(channel).append(": ").append(reason).append(';'));
            return reasons.substring(0, reasons.length() - 1);
        }
        return "";
    }
}

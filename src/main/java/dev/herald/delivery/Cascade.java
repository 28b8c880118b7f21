package dev.herald.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a flow in step with its messages. The cascade's messages decide the flow's status (or, when every
 * channel is {@code required}, the first one does). When a deciding message fails, is undelivered or expires,
 * the next reachable cascade channel starts; when the last one fails the flow ends with that status.
 * Called inside the transaction that changed the message, and a flow's next channel keeps its lane.
 */
@Component
class Cascade {

    private static final Logger log = LoggerFactory.getLogger(Cascade.class);

    private final Flows flows;
    private final Messages messages;
    private final JobQueue queue;
    private final Clock clock;

    Cascade(Flows flows, Messages messages, JobQueue queue, Clock clock) {
        this.flows = flows;
        this.messages = messages;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Lets the flows of these changed messages follow them: the deciding ones set their flow's status in one
     * statement, and a deciding failure starts the flow's next channel (rare, so one flow at a time).
     */
    void onStatusChanges(List<MessageRow> changed) {
        Map<UUID, MessageStatus> flowStatuses = new LinkedHashMap<>();
        for (MessageRow message : changed) {
            if (message.decidesFlow()) {
                flowStatuses.put(message.flowId(), next(message));
            }
        }
        messages.updateFlowStatuses(flowStatuses);
    }

    /** The flow's status after its deciding message moved: that message's, or the next channel's once started. */
    private MessageStatus next(MessageRow message) {
        MessageStatus status = message.status();
        if (status.isFailure() && status != MessageStatus.CANCELLED && !message.required()) {
            Flows.FlowContext flow = flows.load(message.flowId());
            Optional<Integer> next = flow.cancelled() ? Optional.empty() : nextCascadeStep(flow.plan(), message.planIndex());
            if (next.isPresent()) {
                return startStep(flow, next.get(), message.lane());
            }
        }
        return status;
    }

    /** Starts cascade step {@code index}, and beside it the steps planned to go {@code alongside} it. */
    private MessageStatus startStep(Flows.FlowContext flow, int index, Priority lane) {
        Instant now = clock.instant();
        Instant due = flow.window().nextAllowed(now);
        MessageStatus status = due.isAfter(now) ? MessageStatus.DELAYED : MessageStatus.CREATED;
        List<Messages.NewMessage> started = new ArrayList<>();
        List<JobQueue.NewJob> jobs = new ArrayList<>();
        for (int i = index; i < flow.plan().size() && (i == index || flow.plan().get(i).alongside()); i++) {
            PlannedChannel step = flow.plan().get(i);
            if (!step.reachable()) {
                continue;
            }
            UUID id = UUID.randomUUID();
            started.add(new Messages.NewMessage(id, flow.accountId(), flow.bulkId(), flow.groupId(), flow.id(), i, step,
                    i == index, flow.contents().get(step.channel()), status, null,
                    due.plus(Duration.ofMinutes(step.validityMinutes())), lane));
            jobs.add(new JobQueue.NewJob(id, flow.accountId(), lane, due));
        }
        messages.insert(started);
        queue.enqueue(jobs);
        log.debug("Flow {} falls over to {} (message {})", flow.id(), flow.plan().get(index).channel(),
                started.getFirst().id());
        return status;
    }

    private static Optional<Integer> nextCascadeStep(List<PlannedChannel> plan, int after) {
        for (int i = after + 1; i < plan.size(); i++) {
            if (!plan.get(i).required() && plan.get(i).reachable()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}

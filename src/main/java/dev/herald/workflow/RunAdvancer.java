package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendResponseItem;
import dev.herald.template.GroupContents;
import dev.herald.template.InlineContents;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's advancer of workflow runs, on the {@link LeasedWorker} machinery: claims a batch of due runs, and in
 * one transaction locks them, moves each through its steps ({@link RunInterpreter}), hands every send of the batch
 * to the message intake in one request (each send a group with the idempotency key of its run and step number, so
 * a step sends at most once per run) and writes the batch's history and positions in a few statements. A crash
 * rolls the whole batch back to where it was, to be claimed again when the lease runs out: no step is skipped or
 * done twice. Webhooks are called between two such transactions.
 */
@Component
class RunAdvancer extends LeasedWorker<Long> {

    private static final Logger log = LoggerFactory.getLogger(RunAdvancer.class);
    private static final Pattern GROUP_INDEX = Pattern.compile("^messages\\[(\\d+)]");
    private static final TypeReference<Map<String, ChannelOptions>> CHANNELS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> CONTENTS = new TypeReference<>() {};

    private final Runs runs;
    private final Workflows workflows;
    private final RunInterpreter interpreter;
    private final ContactFacts contacts;
    private final RunWrites writes;
    private final MessageIntake intake;
    private final ContactChanges contactChanges;
    private final WebhookCalls webhooks;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    RunAdvancer(Runs runs, Workflows workflows, RunInterpreter interpreter, ContactFacts contacts, RunWrites writes,
                MessageIntake intake, ContactChanges contactChanges, WebhookCalls webhooks, PgNotifications notifications,
                TransactionTemplate tx, JsonMapper json, Clock clock,
                @Value("${herald.workflows.batch-size:200}") int batchSize,
                @Value("${herald.workflows.poll-interval:PT5S}") Duration pollInterval,
                @Value("${herald.workflows.lease:PT60S}") Duration lease) {
        super(runs.queue(), notifications.wakeupFor(Runs.CHANNEL), new Settings("herald-workflows",
                Math.max(1, Math.min(batchSize, 1000)), Math.max(1, Math.min(batchSize, 1000)) * 2,
                lease, pollInterval, true));
        this.runs = runs;
        this.workflows = workflows;
        this.interpreter = interpreter;
        this.contacts = contacts;
        this.writes = writes;
        this.intake = intake;
        this.contactChanges = contactChanges;
        this.webhooks = webhooks;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean worksInBatches() {
        return true;
    }

    @Override
    protected void work(Long id) {
        workBatch(List.of(id));
    }

    @Override
    protected void workBatch(List<Long> ids) {
        Map<Long, Integer> statuses = Map.of();
        for (int round = 0; round < 10 && !ids.isEmpty(); round++) {
            List<Advance> done = advance(ids, statuses);
            List<Advance> calling = done.stream().filter(a -> a.webhookPending).toList();
            Map<Long, Integer> answered = new ConcurrentHashMap<>();
            calling.parallelStream().forEach(a -> {
                Definition.Step step = workflows.definition(a.run.accountId(), a.run.workflowId(), a.run.version())
                        .step(a.step);
                Run parked = new Run(a.run.id(), a.run.accountId(), a.run.workflowId(), a.run.version(),
                        a.run.contactId(), a.step, a.seq, a.dueAt, a.run.event(), a.state);
                answered.put(a.run.id(), webhooks.call(parked, (Definition.Webhook) step));
            });
            ids = List.copyOf(answered.keySet());
            statuses = answered;
        }
    }

    /** One transaction over the batch; a send the intake refuses fails its run and the batch is tried again. */
    private List<Advance> advance(List<Long> ids, Map<Long, Integer> webhookStatuses) {
        Map<Long, String> refused = new HashMap<>();
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.execute(status -> advanceLocked(ids, webhookStatuses, refused));
            } catch (SendRefused e) {
                if (attempt >= 5) {
                    throw e;
                }
                refused.putAll(e.runs);
            }
        }
    }

    private List<Advance> advanceLocked(List<Long> ids, Map<Long, Integer> webhookStatuses, Map<Long, String> refused) {
        Instant now = clock.instant();
        List<Run> locked = runs.lock(node(), ids);
        List<Run> due = locked.stream().filter(r -> !r.dueAt().isAfter(now)).toList();
        Set<Long> dueIds = due.stream().map(Run::id).collect(Collectors.toSet());
        List<Long> notDue = ids.stream().filter(id -> !dueIds.contains(id)).toList();
        if (!notDue.isEmpty()) {
            runs.unlock(node(), notDue);
        }
        Map<UUID, List<Run>> byAccount = due.stream().collect(Collectors.groupingBy(Run::accountId, LinkedHashMap::new,
                Collectors.toList()));
        List<Advance> advances = new ArrayList<>();
        for (Map.Entry<UUID, List<Run>> account : byAccount.entrySet()) {
            Map<Long, ContactFacts.Facts> facts = contacts.of(account.getKey(),
                    account.getValue().stream().map(Run::contactId).distinct().toList());
            List<Advance> ofAccount = new ArrayList<>();
            for (Run run : account.getValue()) {
                Definition definition = workflows.definition(run.accountId(), run.workflowId(), run.version());
                Advance a = interpreter.advance(run, definition, facts.get(run.contactId()), now,
                        webhookStatuses.get(run.id()));
                String refusal = refused.get(run.id());
                if (refusal != null) {
                    a.sends.forEach(s -> s.row().outcome = "refused");
                    a.sends.clear();
                    a.end("FAILED", "send refused: " + refusal);
                }
                ofAccount.add(a);
            }
            send(account.getKey(), ofAccount, now);
            for (Advance a : ofAccount) {
                a.contactChanges.forEach(change -> contactChanges.apply(a.run.accountId(), a.run.contactId(), change));
            }
            advances.addAll(ofAccount);
        }
        writes.write(advances, now);
        return advances;
    }

    /** Every send of the account's runs in one intake request, one group per send. */
    @SuppressWarnings("unchecked")
    private void send(UUID accountId, List<Advance> advances, Instant now) {
        List<Advance> owners = new ArrayList<>();
        List<Advance.PendingSend> sends = new ArrayList<>();
        List<MessageGroupRequest> groups = new ArrayList<>();
        InlineContents inline = new InlineContents();
        for (Advance a : advances) {
            for (Advance.PendingSend send : a.sends) {
                Definition.Send step = send.step();
                Map<String, ChannelOptions> channels;
                try {
                    channels = channels(step, send.variables(), inline);
                } catch (InlineContents.MissingVariable e) {
                    // As a template's send to a destination without the variable: this send fails, the run goes on.
                    send.row().outcome = "failed";
                    send.row().detail = Map.of("error", GroupContents.MISSING_VARIABLE, "message", e.getMessage());
                    Map<String, Object> sent = new LinkedHashMap<>();
                    sent.put("flowId", null);
                    sent.put("messageId", null);
                    sent.put("at", now.toString());
                    a.section("sends").put(send.row().step, sent);
                    continue;
                }
                DestinationRequest destination = new DestinationRequest(null, null, null, a.run.contactId(), null,
                        send.variables());
                owners.add(a);
                sends.add(send);
                groups.add(new MessageGroupRequest(channels, step.templateId(), List.of(destination), null, null, null,
                        null, null, step.useShortLinks(), "workflow-run-" + a.run.id() + "-" + send.row().seq, "bulk",
                        step.category(), null));
            }
        }
        if (sends.isEmpty()) {
            return;
        }
        List<SendResponseItem> items;
        try {
            items = intake.accept(new AccountId(accountId), new SendMessagesRequest(null, null, groups), null).items();
        } catch (InvalidRequestException e) {
            Map<Long, String> refused = new HashMap<>();
            for (FieldProblem problem : e.problems()) {
                Matcher m = GROUP_INDEX.matcher(problem.field());
                if (m.find() && Integer.parseInt(m.group(1)) < owners.size()) {
                    Advance owner = owners.get(Integer.parseInt(m.group(1)));
                    refused.merge(owner.run.id(), problem.field().substring(m.end()).replaceFirst("^\\.", "") + " "
                            + problem.message(), (x, y) -> x + "; " + y);
                }
            }
            if (refused.isEmpty()) {
                owners.forEach(o -> refused.put(o.run.id(), e.getMessage()));
            }
            log.warn("Workflow sends of account {} refused: {}", accountId, refused);
            throw new SendRefused(refused);
        }
        for (int i = 0; i < sends.size(); i++) {
            SendResponseItem item = items.get(i);
            Advance.Entered row = sends.get(i).row();
            row.messageId = item.id();
            row.flowId = item.flowId();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("channel", item.channel());
            detail.put("status", item.status());
            if (item.error() != null) {
                detail.put("error", item.error().code());
                row.outcome = "failed";
            }
            row.detail = detail;
            Map<String, Object> sent = new LinkedHashMap<>();
            sent.put("flowId", item.flowId() == null ? null : item.flowId().toString());
            sent.put("messageId", item.id() == null ? null : item.id().toString());
            sent.put("at", now.toString());
            owners.get(i).section("sends").put(row.step, sent);
        }
    }

    /**
     * A send's channels: a template's overrides as written; inline contents filled in with the run's variables by
     * the template engine, as a template's would be.
     */
    @SuppressWarnings("unchecked")
    private Map<String, ChannelOptions> channels(Definition.Send step, Map<String, Object> variables, InlineContents inline) {
        if (step.channels() == null) {
            return null;
        }
        if (step.templateId() != null) {
            return json.convertValue(step.channels(), CHANNELS);
        }
        Map<String, Object> written = json.convertValue(step.channels(), CONTENTS);
        Map<String, Object> rendered = new LinkedHashMap<>();
        written.forEach((channel, content) -> rendered.put(channel, content instanceof Map<?, ?> map
                ? inline.render((Map<String, Object>) map, variables) : content));
        return json.convertValue(rendered, CHANNELS);
    }

    /** The intake refused some of the batch's sends (by run); the batch is rolled back and tried without them. */
    private static final class SendRefused extends RuntimeException {

        final Map<Long, String> runs;

        SendRefused(Map<Long, String> runs) {
            super("sends refused for runs " + runs.keySet());
            this.runs = runs;
        }
    }
}

package dev.herald.workflow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Moves one run through its version's steps, in memory, from where it is until it must wait (a delay, a wait for
 * an event, a digest, a webhook call) or ends. Reading outcomes of earlier sends and group memberships may query;
 * everything the run changes is collected in its {@link Advance}, written with the rest of the batch.
 */
@Component
class RunInterpreter {

    /** A run that passes more steps than this in one go is stopped: a definition cannot loop without waiting. */
    private static final int MAX_STEPS_AT_ONCE = DefinitionReader.MAX_STEPS + 1;
    static final int MAX_DIGEST = 100;
    /** How long a condition waits at most for a send's message to leave (it is woken by {@link SendWaits}). */
    static final Duration SEND_WAIT_LIMIT = Duration.ofHours(24);

    private final SendOutcomes sendOutcomes;
    private final GroupMembership groups;

    RunInterpreter(SendOutcomes sendOutcomes, GroupMembership groups) {
        this.sendOutcomes = sendOutcomes;
        this.groups = groups;
    }

    /**
     * @param webhookStatus the HTTP status of the webhook the run is parked at, when it has just been called
     *                      (0: no answer)
     */
    Advance advance(Run run, Definition definition, ContactFacts.Facts facts, Instant now, Integer webhookStatus) {
        Advance a = new Advance(run);
        if (facts == null) {
            a.end("FAILED", "contact deleted");
            return a;
        }
        Instant due = run.dueAt();
        if (Boolean.TRUE.equals(a.state.remove("parked"))) {
            String next = leaveParked(a, definition.step(a.step), facts, now, webhookStatus);
            if (next == null) {
                return a;
            }
            a.step = next;
        }
        for (int i = 0; i < MAX_STEPS_AT_ONCE && !a.ended(); i++) {
            Definition.Step step = definition.step(a.step);
            Advance.Entered row = new Advance.Entered(a.seq++, a.step, step.type(), i == 0 ? due : null);
            a.entered.add(row);
            String next = enter(a, row, step, facts, now);
            if (next == null) {
                return a;
            }
            row.finishedAt = now;
            a.step = next;
        }
        if (!a.ended()) {
            a.end("FAILED", "passed " + MAX_STEPS_AT_ONCE + " steps without waiting");
        }
        return a;
    }

    /** Enters a step; answers the next step, or null when the run waits here or ended. */
    private String enter(Advance a, Advance.Entered row, Definition.Step step, ContactFacts.Facts facts, Instant now) {
        switch (step) {
            case Definition.Send send -> {
                a.sends.add(new Advance.PendingSend(row, send, variables(a, facts)));
                row.outcome = "sent";
                return send.then();
            }
            case Definition.Delay delay -> {
                Instant until = until(delay, a.run.event(), facts.zone(), now);
                if (until == null || !until.isAfter(now)) {
                    row.outcome = until == null ? "no date" : "elapsed";
                    return delay.then();
                }
                park(a, row, until, null, null);
                row.detail = Map.of("until", until.toString());
                return null;
            }
            case Definition.Condition condition -> {
                Instant limit = awaitsSend(condition, a, now);
                if (limit != null) {
                    park(a, row, limit, SendWaits.KIND, null);
                    return null;
                }
                boolean passed = passes(condition, a, facts, now);
                row.outcome = passed ? "then" : "else";
                return passed ? condition.onTrue() : condition.onFalse();
            }
            case Definition.WaitForEvent wait -> {
                a.state.remove("received");
                park(a, row, now.plus(wait.timeout()), "event", wait.eventTypeKey());
                return null;
            }
            case Definition.Digest digest -> {
                a.state.put("digest", new java.util.ArrayList<>());
                a.state.put("digestMax", digest.maxEvents() == null ? MAX_DIGEST : digest.maxEvents());
                park(a, row, now.plus(digest.window()), "digest", digest.eventTypeKey());
                return null;
            }
            case Definition.Split split -> {
                int roll = ThreadLocalRandom.current().nextInt(100);
                int upTo = 0;
                Definition.Branch chosen = split.branches().getLast();
                for (Definition.Branch branch : split.branches()) {
                    upTo += branch.percent();
                    if (roll < upTo) {
                        chosen = branch;
                        break;
                    }
                }
                a.section("splits").put(row.step, chosen.name());
                row.outcome = chosen.name();
                return chosen.then();
            }
            case Definition.Webhook webhook -> {
                // Called out of the transaction by the advancer, which then brings the run back with the status.
                a.webhookPending = true;
                park(a, row, now, null, null);
                return null;
            }
            case Definition.UpdateContact update -> {
                a.contactChanges.add(update);
                row.outcome = "updated";
                return update.then();
            }
            case Definition.Stop stop -> {
                row.outcome = "completed";
                row.finishedAt = now;
                a.end("COMPLETED", "stop step " + row.step);
                return null;
            }
        }
    }

    /** Leaves the step the run was parked at; answers the next step, or null when it stays parked. */
    @SuppressWarnings("unchecked")
    private String leaveParked(Advance a, Definition.Step step, ContactFacts.Facts facts, Instant now,
                               Integer webhookStatus) {
        int seq = a.seq - 1;
        switch (step) {
            case Definition.Condition condition -> {
                Instant limit = awaitsSend(condition, a, now);
                if (limit != null) {
                    a.state.put("parked", true);
                    a.dueAt = limit;
                    a.waitKind = SendWaits.KIND;
                    return null;
                }
                a.state.remove(SendWaits.AWAITS);
                boolean passed = passes(condition, a, facts, now);
                a.finished.add(new Advance.Finished(seq, passed ? "then" : "else", null));
                return passed ? condition.onTrue() : condition.onFalse();
            }
            case Definition.Delay delay -> {
                a.finished.add(new Advance.Finished(seq, "elapsed", null));
                return delay.then();
            }
            case Definition.WaitForEvent wait -> {
                Object received = a.state.remove("received");
                a.waitKind = null;
                a.waitType = null;
                if (received != null) {
                    a.finished.add(new Advance.Finished(seq, "event", Map.of("params", received)));
                    return wait.onEvent();
                }
                a.finished.add(new Advance.Finished(seq, "timeout", null));
                return wait.onTimeout();
            }
            case Definition.Digest digest -> {
                List<Object> items = (List<Object>) a.state.remove("digest");
                a.state.remove("digestMax");
                a.waitKind = null;
                a.waitType = null;
                List<Object> collected = items == null ? List.of() : items;
                a.state.put("digestItems", collected);
                a.finished.add(new Advance.Finished(seq, collected.size() + " event(s)", Map.of("events", collected.size())));
                return digest.then();
            }
            case Definition.Webhook webhook -> {
                if (webhookStatus == null) {
                    // Not called yet (e.g. the node died before the call): call it now.
                    a.state.put("parked", true);
                    a.webhookPending = true;
                    return null;
                }
                a.section("webhooks").put(a.step, webhookStatus);
                a.finished.add(new Advance.Finished(seq, webhookStatus == 0 ? "no answer" : "status " + webhookStatus, null));
                return webhook.then();
            }
            default -> throw new IllegalStateException("a run cannot be parked at a " + step.type() + " step");
        }
    }

    private static void park(Advance a, Advance.Entered row, Instant until, String waitKind, String waitType) {
        a.state.put("parked", true);
        a.dueAt = until;
        a.waitKind = waitKind;
        a.waitType = waitType;
        row.outcome = null;
    }

    private boolean passes(Definition.Condition condition, Advance a, ContactFacts.Facts facts, Instant now) {
        return condition.any()
                ? condition.rules().stream().anyMatch(r -> test(r, a, facts, now))
                : condition.rules().stream().allMatch(r -> test(r, a, facts, now));
    }

    /**
     * Whether a rule of the condition is on a send whose message cannot be judged yet: one sent in this very advance
     * (its message is stored with the rest of the batch, after the interpreter), or one still waiting to leave
     * Herald, for at most {@link #SEND_WAIT_LIMIT} after the send. Answers when the wait ends at the latest, or null
     * when the condition can be judged now; the sends waited for are kept in the state ({@link SendWaits#AWAITS}),
     * where the sweep that wakes the run when they settle finds them.
     */
    @SuppressWarnings("unchecked")
    private Instant awaitsSend(Definition.Condition condition, Advance a, Instant now) {
        Instant limit = null;
        List<String> awaited = new java.util.ArrayList<>();
        for (Definition.Rule rule : condition.rules()) {
            if (!rule.source().equals("send")) {
                continue;
            }
            Instant until = null;
            if (a.sends.stream().anyMatch(s -> s.row().step.equals(rule.name()))) {
                until = now.plus(SEND_WAIT_LIMIT);
            } else {
                Map<String, Object> sent = (Map<String, Object>) ((Map<String, Object>) a.state.getOrDefault("sends", Map.of()))
                        .get(rule.name());
                if (sent != null && sent.get("flowId") != null) {
                    Instant end = Instant.parse((String) sent.get("at")).plus(SEND_WAIT_LIMIT);
                    if (now.isBefore(end)
                            && !sendOutcomes.settled(a.run.accountId(), UUID.fromString((String) sent.get("flowId")))) {
                        until = end;
                    }
                }
            }
            if (until != null) {
                awaited.add(rule.name());
                limit = limit == null || until.isBefore(limit) ? until : limit;
            }
        }
        if (limit != null) {
            a.state.put(SendWaits.AWAITS, awaited);
        }
        return limit;
    }

    @SuppressWarnings("unchecked")
    private boolean test(Definition.Rule rule, Advance a, ContactFacts.Facts facts, Instant now) {
        return switch (rule.source()) {
            case "param" -> RuleValues.test(rule.op(), a.run.event().get(rule.name()), rule.value());
            case "field" -> RuleValues.test(rule.op(), facts.variables().get(rule.name()), rule.value());
            case "inGroup" -> groups.isMember(a.run.accountId(), Long.parseLong(rule.name()), a.run.contactId());
            case "notInGroup" -> !groups.isMember(a.run.accountId(), Long.parseLong(rule.name()), a.run.contactId());
            case "webhook" -> {
                Object status = ((Map<String, Object>) a.state.getOrDefault("webhooks", Map.of())).get(rule.name());
                yield RuleValues.test(rule.op(), status, rule.value());
            }
            case "send" -> {
                Map<String, Object> sent = (Map<String, Object>) ((Map<String, Object>) a.state.getOrDefault("sends", Map.of()))
                        .get(rule.name());
                yield sent != null && sent.get("flowId") != null && sendOutcomes.test(a.run.accountId(),
                        UUID.fromString((String) sent.get("flowId")), Instant.parse((String) sent.get("at")),
                        rule.outcome(), rule.withinHours(), now);
            }
            default -> false;
        };
    }

    /** When a delay ends; null when it waits for an event parameter that is missing or not a date. */
    static Instant until(Definition.Delay delay, Map<String, Object> event, ZoneId zone, Instant now) {
        if (delay.duration() != null) {
            return now.plus(delay.duration());
        }
        if (delay.at() != null) {
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime at = local.toLocalDate().atTime(delay.at()).atZone(zone);
            return (at.isAfter(local) ? at : at.plusDays(1)).toInstant();
        }
        Object value = event.get(delay.untilParam());
        if (value == null) {
            return null;
        }
        String text = value.toString();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // a local date-time or a date, in the contact's zone
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // a date
        }
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A send's variables: the contact's, the trigger event's parameters as {@code event.<name>}, and the last
     * digest's events as {@code digest} (a list, for {@code {{#digest}}...{{/digest}}}) with {@code digestCount}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(Advance a, ContactFacts.Facts facts) {
        Map<String, Object> variables = new LinkedHashMap<>(facts.variables());
        a.run.event().forEach((name, value) -> {
            if (value != null) {
                variables.put("event." + name, value);
            }
        });
        Object digest = a.state.get("digestItems");
        if (digest instanceof List<?> items) {
            variables.put("digest", items);
            variables.put("digestCount", items.size());
        }
        return variables;
    }
}

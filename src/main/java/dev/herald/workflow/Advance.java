package dev.herald.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What advancing one run did, to be written with the rest of its batch: where the run now is, the history rows it
 * entered and finished, the messages and contact changes it asks for. Built by {@link RunInterpreter}.
 */
final class Advance {

    /** A history row for a step entered; {@code outcome} already set when the step was also left. */
    static final class Entered {
        final int seq;
        final String step;
        final String type;
        final Instant dueAt;
        Instant finishedAt;
        String outcome;
        Map<String, Object> detail;
        java.util.UUID messageId;
        java.util.UUID flowId;

        Entered(int seq, String step, String type, Instant dueAt) {
            this.seq = seq;
            this.step = step;
            this.type = type;
            this.dueAt = dueAt;
        }
    }

    /** A step the run had been parked in, now left. */
    record Finished(int seq, String outcome, Map<String, Object> detail) {}

    /** A send step's message, stored by the intake with the rest of the batch; {@code row} gets its ids. */
    record PendingSend(Entered row, Definition.Send step, Map<String, Object> variables) {}

    final Run run;
    String step;
    int seq;
    Instant dueAt;
    String waitKind;
    String waitType;
    final Map<String, Object> state;
    String status = "ACTIVE";
    String endReason;
    boolean webhookPending;
    final List<Entered> entered = new ArrayList<>();
    final List<Finished> finished = new ArrayList<>();
    final List<PendingSend> sends = new ArrayList<>();
    final List<Definition.UpdateContact> contactChanges = new ArrayList<>();

    Advance(Run run) {
        this.run = run;
        this.step = run.step();
        this.seq = run.seq();
        this.dueAt = run.dueAt();
        this.state = new LinkedHashMap<>(run.state());
    }

    boolean ended() {
        return !status.equals("ACTIVE");
    }

    void end(String status, String reason) {
        this.status = status;
        this.endReason = reason;
        this.waitKind = null;
        this.waitType = null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) state.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    }
}

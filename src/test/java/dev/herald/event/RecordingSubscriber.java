package dev.herald.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** An {@link EventSubscriber} that keeps every call, and whether it came inside a transaction. */
@TestConfiguration
public class RecordingSubscriber implements EventSubscriber {

    record Call(List<AcceptedEvent> events, boolean inTransaction) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(List<AcceptedEvent> events) {
        calls.add(new Call(events, TransactionSynchronizationManager.isActualTransactionActive()));
        if (events.stream().anyMatch(e -> "failInSubscriber".equals(e.typeKey()))) {
            throw new IllegalStateException("the subscriber refuses");
        }
    }
}

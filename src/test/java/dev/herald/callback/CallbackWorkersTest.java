package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.db.PgNotifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Several nodes' workers on one outbox: each callback is sent exactly once, and each message's callbacks in
 * order. The extra workers run in this process on the shared database, as other nodes would.
 */
class CallbackWorkersTest extends HeraldTest {

    @Autowired
    CallbackOutbox outbox;
    @Autowired
    CallbackPoster poster;
    @Autowired
    CallbackMetrics metrics;
    @Autowired
    CallbackProperties properties;
    @Autowired
    DataSource dataSource;

    @Test
    void threeWorkersSendEveryCallbackOnceAndInOrder() throws Exception {
        // Two more nodes' worth of workers, each with its own LISTEN connection, beside the context's own.
        List<PgNotifications> listeners = List.of(new PgNotifications(dataSource), new PgNotifications(dataSource));
        List<CallbackWorker> others = listeners.stream()
                .map(listener -> new CallbackWorker(outbox, listener, poster, metrics, properties))
                .toList();
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            listeners.forEach(PgNotifications::start);
            others.forEach(CallbackWorker::start);
            receiver.slow("/race", Duration.ofMillis(20));
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                destinations.add(Map.of("phone", "7902" + String.format("%07d", i * 10 + 1)));
            }
            ApiClient api = newAccount();
            api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                    "channels", Map.of("sms", Map.of("text", "race")),
                    "callbackUrl", receiver.url("/race"),
                    "destinations", destinations))));

            eventually().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/race").size() >= 120);
            Thread.sleep(500);

            List<CallbackReceiver.Received> received = receiver.at("/race");
            assertThat(received).hasSize(120);
            assertThat(received.stream().map(r -> r.header("X-Herald-Callback-Id")).distinct()).hasSize(120);
            Map<String, List<String>> byMessage = received.stream().collect(Collectors.groupingBy(
                    r -> r.json().get("id").asString(),
                    Collectors.mapping(r -> r.json().get("newStatus").asString(), Collectors.toList())));
            assertThat(byMessage).hasSize(40)
                    .allSatisfy((id, statuses) -> assertThat(statuses).containsExactly("PENDING", "SENT", "DELIVERED"));
            assertThat(receiver.mostCallbacksOfOneMessageAtOnce()).isEqualTo(1);
        } finally {
            others.forEach(CallbackWorker::stop);
            listeners.forEach(PgNotifications::stop);
        }
    }
}

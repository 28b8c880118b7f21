package dev.herald.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The delivery engine has its own pool: it delivers while API work holds every connection of the main pool. */
class EnginePoolTest extends HeraldTest {

    @Autowired
    DataSource dataSource;
    @Value("${spring.datasource.hikari.maximum-pool-size}")
    int mainPoolSize;

    @Test
    void messagesAreDeliveredWhileTheMainPoolIsExhausted() throws Exception {
        ApiClient api = newAccount();
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        String id = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"later\"}},\"sendAt\":\""
                + sendAt + "\",\"destinations\":[{\"phone\":\"79001234561\"}]}]}").json().get(0).get("id").asString();

        List<Connection> held = new ArrayList<>();
        try {
            // Every connection of the main pool taken until the message is due and past it: one more is refused.
            assertThatThrownBy(() -> {
                for (int i = 0; i <= mainPoolSize; i++) {
                    held.add(dataSource.getConnection());
                }
            }).isInstanceOf(SQLTransientConnectionException.class);
            eventually().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(EnginePool.call(() ->
                    jdbc.sql("SELECT status FROM message WHERE id = ?::uuid").param(id).query(String.class).single())));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(awaitStatus(api, id, "DELIVERED").get("status").asString()).isEqualTo("DELIVERED");
    }
}

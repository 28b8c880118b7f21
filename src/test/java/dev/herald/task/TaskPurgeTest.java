package dev.herald.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A deleted send task is kept for the undo window, then purged with its rows; a live one is never touched. */
class TaskPurgeTest extends HeraldTest {

    @Autowired
    TaskPurge purge;

    @Test
    void aTaskDeletedLongerThanTheUndoWindowAgoIsPurged() {
        ApiClient api = newAccount();
        String old = create(api, "Старая");
        String recent = create(api, "Вчерашняя");
        String live = create(api, "Живая");
        assertThat(api.delete("/api/v1/tasks/" + old).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/tasks/" + recent).status()).isEqualTo(204);
        jdbc.sql("UPDATE send_task SET deleted_at = now() - interval '31 days' WHERE id = ?::uuid").param(old).update();

        purge.purgeDeleted();

        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).as("still within the undo window").isTrue();
        assertThat(exists(live)).isTrue();
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isEqualTo(1);
    }

    private boolean exists(String id) {
        return jdbc.sql("SELECT count(*) FROM send_task WHERE id = ?::uuid").param(id).query(Long.class).single() == 1;
    }

    private static String create(ApiClient api, String name) {
        return api.post("/api/v1/tasks", "{\"name\":\"" + name + "\",\"channels\":{\"sms\":{\"text\":\"Скидка\"}}}")
                .json().get("id").asString();
    }
}

package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature header format and its check, including the replay window. */
class CallbackSignatureTest {

    private static final String SECRET = "hcs_test-secret";
    private static final String BODY = "{\"id\":\"1\",\"newStatus\":\"SENT\",\"callbackData\":\"Иван\"}";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void theHeaderCarriesTheTimestampAndAHexHmac() {
        assertThat(CallbackSignature.header(SECRET, AT, BODY)).matches("t=" + AT.getEpochSecond() + ",v1=[0-9a-f]{64}");
    }

    @Test
    void aSignatureVerifiesOnlyWithTheSameSecretBodyAndAFreshTimestamp() {
        String header = CallbackSignature.header(SECRET, AT, BODY);

        assertThat(CallbackSignature.verify(SECRET, header, BODY, AT.plusSeconds(30), TOLERANCE)).isTrue();
        assertThat(CallbackSignature.verify("hcs_wrong", header, BODY, AT, TOLERANCE)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, header, BODY.replace("SENT", "DELIVERED"), AT, TOLERANCE)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, header, BODY, AT.plus(Duration.ofMinutes(6)), TOLERANCE))
                .as("a replay after the tolerance").isFalse();
        String otherTime = header.replace("t=" + AT.getEpochSecond(), "t=" + (AT.getEpochSecond() + 1));
        assertThat(CallbackSignature.verify(SECRET, otherTime, BODY, AT, TOLERANCE)).as("the timestamp is signed").isFalse();
        assertThat(CallbackSignature.verify(SECRET, null, BODY, AT, TOLERANCE)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, "garbage", BODY, AT, TOLERANCE)).isFalse();
    }
}

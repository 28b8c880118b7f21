package dev.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The algorithm against RFC 6238's test vectors (appendix B), and base32 as otpauth:// URIs carry secrets. */
class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238Vectors() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        for (int i = 0; i < times.length; i++) {
            assertThat(Totp.code(SHA1_SEED, Totp.step(times[i]), 8, "HmacSHA1")).isEqualTo(sha1[i]);
            assertThat(Totp.code(SHA256_SEED, Totp.step(times[i]), 8, "HmacSHA256")).isEqualTo(sha256[i]);
        }
        // six digits, as apps show them: the last six of the eight
        assertThat(Totp.code(SHA1_SEED, Totp.step(59L))).isEqualTo("287082");
    }

    @Test
    void acceptsOneStepEitherSideOnceAndNothingFurther() {
        long now = Totp.step(1111111111L);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, now - 1), now, 0)).isEqualTo(now - 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, now + 1), now, 0)).isEqualTo(now + 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, now + 2), now, 0)).isEqualTo(-1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, now), now, now)).as("used already").isEqualTo(-1);
    }

    @Test
    void base32RoundTrips() {
        assertThat(Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(SHA1_SEED);
    }
}

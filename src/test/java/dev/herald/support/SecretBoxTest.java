package dev.herald.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Secrets sealed with AES-GCM open only with the same key and context, and fail loudly otherwise. */
class SecretBoxTest {

    private final SecretBox box = new SecretBox(randomKey());

    @Test
    void aSealedSecretOpensWithItsContext() {
        String sealed = box.seal(bytes("hcs_top-secret"), "callback-secret:a");

        assertThat(sealed).startsWith("v1.").doesNotContain("top-secret");
        assertThat(new String(box.open(sealed, "callback-secret:a"), StandardCharsets.UTF_8)).isEqualTo("hcs_top-secret");
    }

    @Test
    void everySealUsesAFreshNonce() {
        assertThat(box.seal(bytes("same"), "c")).isNotEqualTo(box.seal(bytes("same"), "c"));
    }

    @Test
    void anotherContextAnotherKeyOrAChangedValueDoNotOpen() {
        String sealed = box.seal(bytes("secret"), "callback-secret:a");

        assertThatThrownBy(() -> box.open(sealed, "callback-secret:b")).hasMessageContaining("does not open");
        assertThatThrownBy(() -> new SecretBox(randomKey()).open(sealed, "callback-secret:a"))
                .hasMessageContaining("another herald.secret-key");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf('.') + 1));
        raw[raw.length - 1] ^= 1;
        String tampered = sealed.substring(0, sealed.lastIndexOf('.') + 1) + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "callback-secret:a")).hasMessageContaining("does not open");
    }

    @Test
    void withoutAKeyADevelopmentKeyIsUsedThatSurvivesRestarts() {
        String sealed = new SecretBox("").seal(bytes("dev"), "c");

        assertThat(new String(new SecretBox(null).open(sealed, "c"), StandardCharsets.UTF_8)).isEqualTo("dev");
    }

    @Test
    void aKeyOfTheWrongSizeIsRefusedAtStart() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> new SecretBox("not base64!")).hasMessageContaining("not Base64");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

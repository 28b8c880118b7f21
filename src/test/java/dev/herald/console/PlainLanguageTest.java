package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.channel.Channel;
import dev.herald.delivery.MessageStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every channel and message status has words in plain-language.properties, and internal names are kept out. */
class PlainLanguageTest {

    @Test
    void everyChannelAndMessageStatusHasWords() {
        Arrays.stream(Channel.values()).forEach(c -> assertThat(PlainLanguage.channel(c.key())).as(c.key())
                .isNotEqualTo(c.key()).isNotBlank());
        assertThat(PlainLanguage.channel("email")).isEqualTo("E-mail");
        assertThat(PlainLanguage.channel("EMAIL")).isEqualTo("E-mail");
        Arrays.stream(MessageStatus.values()).forEach(s -> {
            assertThat(PlainLanguage.status(s.name())).as(s.name()).isNotBlank();
            assertThat(PlainLanguage.statusHelp(s.name())).as(s.name()).isNotBlank();
        });
    }

    @Test
    void errorCodesReadAsWhatToDo() {
        assertThat(PlainLanguage.error("SANDBOX_UNDELIVERED")).contains("Nothing is wrong");
        assertThat(PlainLanguage.error("HTTP_503")).contains("retries by itself");
        assertThat(PlainLanguage.error("SOMETHING_NEW")).contains("test the provider connection");
        assertThat(PlainLanguage.provider("smpp")).isEqualTo("SMS centre (SMPP)");
    }

    @Test
    void configurationPropertyNamesAreNotShownToPeople() {
        assertThat(PlainLanguage.forPeople("10.0.0.1 is private; provider connections may only reach public addresses "
                + "unless the operator sets herald.providers.allow-private-addresses"))
                .isEqualTo("10.0.0.1 is private; provider connections may only reach public addresses unless your "
                        + "Herald administrator allows it");
        assertThat(PlainLanguage.forPeople("Logos up to 100 KB are allowed (herald.oauth.max-logo-size)."))
                .isEqualTo("Logos up to 100 KB are allowed.");
    }
}

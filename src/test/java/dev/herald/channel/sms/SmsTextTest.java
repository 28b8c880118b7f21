package dev.herald.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void latinTextUpTo160SeptetsIsOneGsmPart() {
        SmsText sms = SmsText.of("a".repeat(160));
        assertThat(sms.encoding()).isEqualTo(SmsText.Encoding.GSM7);
        assertThat(sms.partCount()).isEqualTo(1);
        assertThat(SmsText.of("a".repeat(161)).partCount()).isEqualTo(2);
    }

    @Test
    void longGsmTextIsSplitInto153SeptetParts() {
        SmsText sms = SmsText.of("b".repeat(307));
        assertThat(sms.parts()).hasSize(3);
        assertThat(sms.parts().get(0)).hasSize(153);
        assertThat(String.join("", sms.parts())).isEqualTo("b".repeat(307));
    }

    @Test
    void extensionCharactersTakeTwoSeptetsAndAreNeverSplitFromTheirEscape() {
        assertThat(SmsText.of("€").units()).isEqualTo(2);
        assertThat(SmsText.of("a".repeat(159) + "€").partCount()).isEqualTo(2);
        SmsText sms = SmsText.of("a".repeat(152) + "[" + "a".repeat(10));
        assertThat(sms.parts().get(0)).isEqualTo("a".repeat(152));
        assertThat(sms.parts().get(1)).startsWith("[");
    }

    @Test
    void cyrillicIsUcs2With70And67CharacterParts() {
        assertThat(SmsText.of("Привет").encoding()).isEqualTo(SmsText.Encoding.UCS2);
        assertThat(SmsText.of("ж".repeat(70)).partCount()).isEqualTo(1);
        SmsText sms = SmsText.of("ж".repeat(71));
        assertThat(sms.parts()).extracting(String::length).containsExactly(67, 4);
    }

    @Test
    void emojiSurrogatePairsStayWhole() {
        SmsText sms = SmsText.of("ж".repeat(66) + "😀" + "ж".repeat(10));
        assertThat(sms.parts().get(0)).hasSize(66);
        assertThat(sms.parts().get(1)).startsWith("😀");
    }

    @Test
    void emptyTextIsOnePart() {
        assertThat(SmsText.of("").partCount()).isEqualTo(1);
    }
}

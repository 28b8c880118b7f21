package dev.herald.channel.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.channel.DeliveryReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

/** Reading delivery receipts as different SMSCs write them. */
class ReceiptTest {

    private static final byte RECEIPT = 0x04;

    @Test
    void theStandardTextGivesIdStateAndError() {
        Receipt r = Receipt.of(deliverSm(RECEIPT, "id:0123456789 sub:001 dlvrd:000 submit date:2611231200 "
                + "done date:2611231201 stat:UNDELIV err:034 text:Hello")).orElseThrow();

        assertThat(r).isEqualTo(new Receipt("0123456789", "UNDELIV", Optional.of(Outcome.UNDELIVERED), "034"));
    }

    @Test
    void theTlvsWinOverTheText() {
        DeliverSm sm = deliverSm(RECEIPT, "id:12345 sub:001 dlvrd:001 submit date:2611231200 done date:2611231201 "
                + "stat:DELIVRD err:000 text:");
        sm.setOptionalParameters(new OptionalParameter.Receipted_message_id("3039"),
                new OptionalParameter.Message_state((byte) 3));

        Receipt r = Receipt.of(sm).orElseThrow();

        assertThat(r.messageId()).isEqualTo("3039");
        assertThat(r.state()).isEqualTo("EXPIRED");
        assertThat(r.outcome()).contains(Outcome.EXPIRED);
    }

    @Test
    void fieldsAreFoundInAnyCaseAndOrderAndInMessagePayload() {
        DeliverSm sm = deliverSm(RECEIPT, "");
        sm.setOptionalParameters(new OptionalParameter.Message_payload(
                "Stat:REJECTD Id:ab-12 err:0x0B".getBytes(StandardCharsets.US_ASCII)));

        Receipt r = Receipt.of(sm).orElseThrow();

        assertThat(r).isEqualTo(new Receipt("ab-12", "REJECTD", Optional.of(Outcome.FAILED), "0x0B"));
    }

    @Test
    void statesMapToOutcomes() {
        assertThat(Receipt.outcome("DELIVRD")).contains(Outcome.DELIVERED);
        assertThat(Receipt.outcome("DELIVERED")).contains(Outcome.DELIVERED);
        assertThat(Receipt.outcome("UNDELIVERABLE")).contains(Outcome.UNDELIVERED);
        assertThat(Receipt.outcome("DELETED")).contains(Outcome.UNDELIVERED);
        assertThat(Receipt.outcome("UNKNOWN")).contains(Outcome.UNDELIVERED);
        assertThat(Receipt.outcome("EXPIRED")).contains(Outcome.EXPIRED);
        assertThat(Receipt.outcome("REJECTD")).contains(Outcome.FAILED);
        assertThat(Receipt.outcome("ENROUTE")).isEmpty();
        assertThat(Receipt.outcome("ACCEPTD")).isEmpty();
    }

    @Test
    void aMessageFromAPhoneIsNotAReceipt() {
        assertThat(Receipt.of(deliverSm((byte) 0, "id:1 stat:DELIVRD"))).isEmpty();
    }

    @Test
    void aReceiptWithoutAnIdIsUnreadable() {
        assertThatThrownBy(() -> Receipt.of(deliverSm(RECEIPT, "stat:DELIVRD err:000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without id");
    }

    private static DeliverSm deliverSm(byte esmClass, String text) {
        DeliverSm sm = new DeliverSm();
        sm.setEsmClass(esmClass);
        sm.setShortMessage(text.getBytes(StandardCharsets.US_ASCII));
        return sm;
    }
}

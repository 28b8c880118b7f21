package dev.herald.channel.smpp;

import dev.herald.channel.DeliveryReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.OptionalParameter;

/**
 * An SMSC delivery receipt: a deliver_sm whose esm_class says "SMSC delivery receipt", with the text of
 * SMPP 3.4 Appendix B ({@code id:... sub:... dlvrd:... submit date:... done date:... stat:DELIVRD err:...}) and,
 * from many SMSCs, the receipted_message_id and message_state TLVs, which win over the text when present.
 *
 * @param messageId the SMSC's message_id of the part the receipt is about
 * @param state     the receipt's state as the SMSC named it ({@code DELIVRD}, {@code UNDELIV}, ...)
 * @param outcome   what the state means for the message; empty for states that are not final (ENROUTE, ACCEPTD)
 * @param error     the {@code err} field, else null
 */
record Receipt(String messageId, String state, Optional<Outcome> outcome, String error) {

    private static final Pattern ID = field("id");
    private static final Pattern STAT = field("stat");
    private static final Pattern ERR = field("err");

    /** The receipt in a deliver_sm, or empty when the deliver_sm is not one (e.g. a reply from a phone). */
    static Optional<Receipt> of(DeliverSm deliverSm) {
        if (!MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
            return Optional.empty();
        }
        String text = text(deliverSm);
        String id = Optional.ofNullable(deliverSm.getOptionalParameter(OptionalParameter.Receipted_message_id.class))
                // The raw octets: some SMSCs leave off the terminating NUL the library would cut.
                .map(tlv -> new String(tlv.getValue(), StandardCharsets.ISO_8859_1).replace("\0", ""))
                .filter(value -> !value.isBlank())
                .orElseGet(() -> find(ID, text));
        String state = Optional.ofNullable(deliverSm.getOptionalParameter(OptionalParameter.Message_state.class))
                .map(tlv -> stateName(tlv.getValue()))
                .orElseGet(() -> find(STAT, text));
        if (id == null || state == null) {
            throw new IllegalArgumentException("A delivery receipt without " + (id == null ? "id" : "stat") + ": " + text);
        }
        return Optional.of(new Receipt(id.strip(), state.toUpperCase(Locale.ROOT), outcome(state), find(ERR, text)));
    }

    /**
     * DELIVRD is delivered; UNDELIV, DELETED (by the SMSC's operator) and UNKNOWN did not reach the phone, so
     * undelivered; EXPIRED is expired; REJECTD means the SMSC refused the message, which Herald calls FAILED.
     * Full words (DELIVERED, UNDELIVERABLE, REJECTED) from SMSCs that write them are read the same way.
     */
    static Optional<Outcome> outcome(String state) {
        String s = state.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("DELIV")) {
            return Optional.of(Outcome.DELIVERED);
        }
        if (s.startsWith("UNDEL") || s.startsWith("DELET") || s.startsWith("UNKNO") || s.startsWith("SKIPP")) {
            return Optional.of(Outcome.UNDELIVERED);
        }
        if (s.startsWith("EXPIR")) {
            return Optional.of(Outcome.EXPIRED);
        }
        if (s.startsWith("REJEC")) {
            return Optional.of(Outcome.FAILED);
        }
        return Optional.empty();
    }

    /** The message_state TLV's values (SMPP 3.4 §5.2.28) in the receipt text's spelling. */
    private static String stateName(byte value) {
        return switch (value) {
            case 1 -> "ENROUTE";
            case 2 -> "DELIVRD";
            case 3 -> "EXPIRED";
            case 4 -> "DELETED";
            case 5 -> "UNDELIV";
            case 6 -> "ACCEPTD";
            case 8 -> "REJECTD";
            case 9 -> "SKIPPED";
            default -> "UNKNOWN";
        };
    }

    private static String text(DeliverSm deliverSm) {
        byte[] message = deliverSm.getShortMessage();
        if (message == null || message.length == 0) {
            // Some SMSCs put the receipt text in message_payload instead.
            OptionalParameter.Message_payload payload = deliverSm.getOptionalParameter(OptionalParameter.Message_payload.class);
            message = payload == null ? new byte[0] : payload.getValue();
        }
        return new String(message, StandardCharsets.ISO_8859_1);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static Pattern field(String name) {
        return Pattern.compile("(?i)(?:^|\\s)" + name + ":(\\S+)");
    }
}

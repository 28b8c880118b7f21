package dev.herald.channel.smpp;

import dev.herald.channel.sms.SmsText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The short_message octets of an SMS's submit_sm PDUs.
 * <ul>
 *   <li>GSM 03.38 text goes with data_coding 0 as unpacked septets, one per octet, extension characters as
 *       0x1B and their code: what SMSCs take as their default alphabet over SMPP (packing into 7 bits is the
 *       SMSC's job on the radio side).</li>
 *   <li>Anything else goes as UCS-2 (data_coding 8), UTF-16BE.</li>
 *   <li>A text too long for one SMS is sent in parts, each starting with a concatenation user data header
 *       ({@code 05 00 03 ref total seq}, 8-bit reference) and flagged with UDHI in esm_class. A part holds 153
 *       septets or 67 UCS-2 units, as {@link SmsText} split it.</li>
 * </ul>
 *
 * @param dataCoding the submit_sm data_coding
 * @param udh        whether each part starts with a user data header (esm_class UDHI)
 */
record ShortMessages(byte dataCoding, boolean udh, List<byte[]> parts) {

    static final byte GSM7 = 0x00;
    static final byte UCS2 = 0x08;
    private static final int ESCAPE = 0x1B;

    /** @param reference the concatenation reference, shared by the parts of one message (mod 256) */
    static ShortMessages of(SmsText text, int reference) {
        boolean gsm = text.encoding() == SmsText.Encoding.GSM7;
        List<String> texts = text.parts();
        boolean udh = texts.size() > 1;
        List<byte[]> parts = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(140);
            if (udh) {
                out.writeBytes(new byte[] {0x05, 0x00, 0x03, (byte) reference, (byte) texts.size(), (byte) (i + 1)});
            }
            out.writeBytes(gsm ? septets(texts.get(i)) : texts.get(i).getBytes(StandardCharsets.UTF_16BE));
            parts.add(out.toByteArray());
        }
        return new ShortMessages(gsm ? GSM7 : UCS2, udh, List.copyOf(parts));
    }

    private static byte[] septets(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = SmsText.basicCode(c);
            if (basic >= 0) {
                out.write(basic);
            } else {
                int extension = SmsText.extensionCode(c);
                if (extension < 0) {
                    throw new IllegalArgumentException("Not a GSM 03.38 character: U+%04X".formatted((int) c));
                }
                out.write(ESCAPE);
                out.write(extension);
            }
        }
        return out.toByteArray();
    }
}

package dev.herald.channel.smpp;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsmpp.SMPPConstant;
import org.jsmpp.extra.NegativeResponseException;

/** SMPP command_status values by their names in the specification ({@code ESME_RINVDSTADR}). */
final class CommandStatus {

    /** Every {@code STAT_ESME_*} constant jSMPP knows, so names never drift from the library's table. */
    private static final Map<Integer, String> NAMES = Arrays.stream(SMPPConstant.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith("STAT_"))
            .collect(Collectors.toUnmodifiableMap(CommandStatus::value, f -> f.getName().substring("STAT_".length()),
                    (first, second) -> first));

    /**
     * Statuses that say "not now" rather than "never": throttling, a full queue, the SMSC's own trouble, or a
     * session that is not (yet) bound for submitting.
     */
    private static final Set<Integer> TRANSIENT = Set.of(
            SMPPConstant.STAT_ESME_RTHROTTLED,
            SMPPConstant.STAT_ESME_RMSGQFUL,
            SMPPConstant.STAT_ESME_RSYSERR,
            SMPPConstant.STAT_ESME_RX_T_APPN,
            SMPPConstant.STAT_ESME_RINVBNDSTS);

    private CommandStatus() {
    }

    /** {@code ESME_RINVDSTADR}, or {@code 0x00000401} for a vendor's own status. */
    static String name(int status) {
        String name = NAMES.get(status);
        return name != null ? name : String.format(Locale.ROOT, "0x%08x", status);
    }

    /** The name with the library's description: {@code ESME_RINVPASWD (Invalid Password)}. */
    static String describe(NegativeResponseException e) {
        String message = e.getMessage();
        int open = message == null ? -1 : message.indexOf('(');
        int close = message == null ? -1 : message.lastIndexOf(')');
        String description = open >= 0 && close > open ? " " + message.substring(open, close + 1) : "";
        return name(e.getCommandStatus()) + description;
    }

    static boolean isTransient(int status) {
        return TRANSIENT.contains(status);
    }

    static boolean isThrottling(int status) {
        return status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL;
    }

    private static int value(Field field) {
        try {
            return field.getInt(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.herald.channel.smpp;

import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * The settings of an SMPP connection, read from a {@link ProviderConnection}. Lengths follow SMPP 3.4's field
 * sizes (system_id 15, password 8, system_type 12, source_addr 20 characters), so a connection the SMSC would
 * refuse to parse is caught when it is saved.
 *
 * @param sourceTon the source address's type of number, or null to choose it from the address
 * @param throughputPerSecond submit_sm PDUs per second on this connection's session; 0 for no limit
 */
record SmppSettings(
        String host,
        int port,
        String systemId,
        String password,
        String systemType,
        String sourceAddr,
        Integer sourceTon,
        Integer sourceNpi,
        int windowSize,
        int throughputPerSecond,
        Duration enquireLinkInterval,
        Duration bindTimeout,
        Duration responseTimeout) {

    static final String AUTO = "auto";

    static final List<SettingField> FIELDS = List.of(
            SettingField.required("host", "The SMSC's host name or IP address, from your SMS operator."),
            SettingField.optional("port", "2775", "The SMSC's SMPP port, from your SMS operator."),
            SettingField.required("systemId", "Your SMPP account (system_id) at the operator, at most 15 characters."),
            SettingField.secret("password", "The SMPP account's password, at most 8 characters."),
            SettingField.optional("systemType", "", "The system_type the operator asks for, if any (often empty)."),
            SettingField.optional("sourceAddr", "", "The default sender: a registered alphanumeric name (at most 11 "
                    + "characters) or number; a message's 'from' overrides it."),
            SettingField.optional("sourceTon", AUTO, "The sender's type of number (0-6), or 'auto': 5 (alphanumeric) "
                    + "for names, 1 (international) for long numbers, 0 for short codes."),
            SettingField.optional("sourceNpi", AUTO, "The sender's numbering plan (0-18), or 'auto': 0 for names, "
                    + "1 (E.164) for numbers."),
            SettingField.optional("windowSize", "10", "How many submit_sm may await their response at once."),
            SettingField.optional("throughputPerSecond", "0", "The most submit_sm per second your contract allows "
                    + "(each part of a long SMS counts); 0 for no limit."),
            SettingField.optional("enquireLinkSeconds", "30", "Idle seconds after which an enquire_link checks the "
                    + "session is alive."),
            SettingField.optional("bindTimeoutSeconds", "10", "How long to wait to connect and for the bind response."),
            SettingField.optional("responseTimeoutSeconds", "10", "How long to wait for a submit_sm_resp."));

    private static final int MAX_ALPHANUMERIC_SENDER = 11;

    static SmppSettings of(ProviderConnection c) {
        return new SmppSettings(
                text(c, "host"),
                c.intSetting("port", 2775),
                text(c, "systemId"),
                text(c, "password"),
                text(c, "systemType"),
                text(c, "sourceAddr"),
                code(c.setting("sourceTon")),
                code(c.setting("sourceNpi")),
                c.intSetting("windowSize", 10),
                c.intSetting("throughputPerSecond", 0),
                Duration.ofSeconds(c.intSetting("enquireLinkSeconds", 30)),
                Duration.ofSeconds(c.intSetting("bindTimeoutSeconds", 10)),
                Duration.ofSeconds(c.intSetting("responseTimeoutSeconds", 10)));
    }

    static List<FieldProblem> problems(ProviderConnection c) {
        List<FieldProblem> problems = new ArrayList<>();
        String host = text(c, "host");
        if (host.isEmpty() || host.length() > 253 || host.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new FieldProblem("host", "must be a host name or IP address"));
        }
        range(c, "port", 1, 65_535, problems);
        length(c, "systemId", 1, 15, problems);
        length(c, "password", 0, 8, problems);
        length(c, "systemType", 0, 12, problems);
        String sender = text(c, "sourceAddr");
        if (sender.length() > 20) {
            problems.add(new FieldProblem("sourceAddr", "must be at most 20 characters"));
        } else if (SmppAddress.isAlphanumeric(sender) && sender.length() > MAX_ALPHANUMERIC_SENDER) {
            problems.add(new FieldProblem("sourceAddr", "an alphanumeric sender must be at most 11 characters"));
        }
        codeSetting(c, "sourceTon", code -> TypeOfNumber.valueOf((byte) code), "0-6", problems);
        codeSetting(c, "sourceNpi", code -> NumberingPlanIndicator.valueOf((byte) code), "0, 1, 3, 4, 6, 8, 9, 10, 14 or 18",
                problems);
        range(c, "windowSize", 1, 1_000, problems);
        range(c, "throughputPerSecond", 0, 10_000, problems);
        range(c, "enquireLinkSeconds", 5, 3_600, problems);
        range(c, "bindTimeoutSeconds", 1, 300, problems);
        range(c, "responseTimeoutSeconds", 1, 300, problems);
        return problems;
    }

    /** Where people read about this connection: never the password. */
    String endpoint() {
        return host + ":" + port;
    }

    /** Without the password, so a logged connection never shows it. */
    @Override
    public String toString() {
        return "SmppSettings[" + systemId + "@" + endpoint() + "]";
    }

    private static String text(ProviderConnection c, String name) {
        String value = c.setting(name);
        return value == null ? "" : value.strip();
    }

    private static Integer code(String value) {
        return value == null || value.isBlank() || value.strip().equalsIgnoreCase(AUTO) ? null : Integer.parseInt(value.strip());
    }

    private static void range(ProviderConnection c, String name, int min, int max, List<FieldProblem> problems) {
        String value = c.setting(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                problems.add(new FieldProblem(name, "must be between " + min + " and " + max));
            }
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(name, "must be a whole number between " + min + " and " + max));
        }
    }

    /** A TON or NPI: 'auto' or a value SMPP 3.4 defines. */
    private static void codeSetting(ProviderConnection c, String name, IntConsumer known, String values,
                                    List<FieldProblem> problems) {
        String value = c.setting(name);
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase(AUTO)) {
            return;
        }
        try {
            int code = Integer.parseInt(value.strip());
            if (code < 0 || code > Byte.MAX_VALUE) {
                throw new IllegalArgumentException();
            }
            known.accept(code);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(name, "must be 'auto' or one of " + values));
        }
    }

    private static void length(ProviderConnection c, String name, int min, int max, List<FieldProblem> problems) {
        String value = text(c, name);
        if (value.length() < min || value.length() > max) {
            problems.add(new FieldProblem(name, min > 0 ? "must be 1 to " + max + " characters" : "must be at most " + max + " characters"));
        } else if (!value.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
            problems.add(new FieldProblem(name, "must be printable ASCII"));
        }
    }
}

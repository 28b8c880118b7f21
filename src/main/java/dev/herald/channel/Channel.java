package dev.herald.channel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The channels Herald delivers over. The request uses the lower-case {@link #key()}; responses and statistics
 * use the upper-case name, as TWIN clients expect ({@code "channel": "CHAT"}).
 */
public enum Channel {
    SMS(2_000, AddressField.PHONE),
    EMAIL(1_000_000, AddressField.EMAIL),
    PUSH(4_000, AddressField.MESSENGER_USER_ID),
    WEBPUSH(4_000, AddressField.MESSENGER_USER_ID),
    WHATSAPP(4_096, AddressField.MESSENGER_USER_ID, AddressField.PHONE),
    VIBER(7_000, AddressField.MESSENGER_USER_ID, AddressField.PHONE),
    TELEGRAM(4_096, AddressField.MESSENGER_USER_ID),
    VKONTAKTE(4_096, AddressField.PHONE, AddressField.MESSENGER_USER_ID),
    ODNOKLASSNIKI(4_096, AddressField.PHONE, AddressField.MESSENGER_USER_ID),
    /** Facebook Messenger; the address is the user's page-scoped id (PSID). */
    FACEBOOK(2_000, AddressField.MESSENGER_USER_ID),
    CHAT(4_096, AddressField.MESSENGER_USER_ID, AddressField.PHONE);

    /** Where a destination's address for a channel comes from, in order of preference. */
    public enum AddressField { PHONE, EMAIL, MESSENGER_USER_ID }

    private final int maxTextLength;
    private final List<AddressField> addressFields;

    Channel(int maxTextLength, AddressField... addressFields) {
        this.maxTextLength = maxTextLength;
        this.addressFields = List.of(addressFields);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The longest {@code text} accepted for this channel, in characters. */
    public int maxTextLength() {
        return maxTextLength;
    }

    public List<AddressField> addressFields() {
        return addressFields;
    }

    /** Accepts the request key ({@code sms}) or the response name ({@code SMS}). */
    public static Optional<Channel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(value.strip())).findFirst();
    }

    public static String keys() {
        return Arrays.stream(values()).map(Channel::key).collect(Collectors.joining(", "));
    }
}

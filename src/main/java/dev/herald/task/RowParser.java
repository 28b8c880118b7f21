package dev.herald.task;

import dev.herald.channel.Channel;
import dev.herald.messaging.DestinationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a data row into a destination and the errors this layer can see: overlong cells, a contactId that is
 * not a number, no address for any channel, an empty template variable, a missing or malformed chat session id
 * (in a task into chat sessions). Address formats are the intake's to judge (see {@link TaskImport}).
 */
final class RowParser {

    private static final int SHOWN_VALUE = 100;

    private final FileHeader header;
    private final TaskColumns columns;
    private final Set<Channel> channels;
    private final int maxCellLength;

    RowParser(FileHeader header, TaskColumns columns, Set<Channel> channels, int maxCellLength) {
        this.header = header;
        this.columns = columns;
        this.channels = channels;
        this.maxCellLength = maxCellLength;
    }

    TaskRows.ParsedRow parse(int number, List<String> cells) {
        List<RowError> errors = new ArrayList<>();
        String phone = text(cells, TaskColumns.PHONE, errors);
        String email = text(cells, TaskColumns.EMAIL, errors);
        String messengerUserId = text(cells, TaskColumns.MESSENGER_USER_ID, errors);
        String externalCustomerId = text(cells, TaskColumns.EXTERNAL_CUSTOMER_ID, errors);
        Long contactId = null;
        String contact = text(cells, TaskColumns.CONTACT_ID, errors);
        if (contact != null) {
            try {
                contactId = Long.parseLong(contact);
            } catch (NumberFormatException e) {
                errors.add(new RowError(TaskColumns.CONTACT_ID, shown(contact), "must be a whole number"));
            }
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String variable : columns.variables()) {
            String value = text(cells, variable, errors);
            if (value == null && errors.stream().noneMatch(e -> e.column().equals(variable))) {
                errors.add(new RowError(variable, "", "is empty; the template needs this variable"));
            } else if (value != null) {
                variables.put(variable, value);
            }
        }
        String chatSessionId = null;
        if (columns.chatSessions()) {
            chatSessionId = text(cells, TaskColumns.CHAT_SESSION_ID, errors);
            if (chatSessionId == null && errors.stream().noneMatch(e -> e.column().equals(TaskColumns.CHAT_SESSION_ID))) {
                errors.add(new RowError(TaskColumns.CHAT_SESSION_ID, "", "is empty; this task sends into chat "
                        + "sessions: give the id of the session (GET /api/v1/chat/sessions)"));
            } else if (chatSessionId != null && !isUuid(chatSessionId)) {
                errors.add(new RowError(TaskColumns.CHAT_SESSION_ID, shown(chatSessionId),
                        "must be the id (a UUID) of one of your chat sessions"));
            }
        }
        boolean identified = contactId != null || externalCustomerId != null;
        if (!columns.chatSessions() && !identified && !reachable(phone, email, messengerUserId)) {
            String wanted = String.join(" or ", columns.addresses());
            errors.add(new RowError(columns.addresses().isEmpty() ? TaskColumns.CONTACT_ID : columns.addresses().getFirst(),
                    "", "no address: fill in " + (wanted.isEmpty() ? "contactId or externalCustomerId" : wanted)));
        }
        DestinationRequest destination = new DestinationRequest(phone, email, messengerUserId, contactId,
                externalCustomerId, variables.isEmpty() ? null : variables);
        return new TaskRows.ParsedRow(number, destination, errors, chatSessionId);
    }

    private static boolean isUuid(String value) {
        try {
            return value.length() == 36 && UUID.fromString(value) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether some channel of the task has an address in this row. */
    private boolean reachable(String phone, String email, String messengerUserId) {
        for (Channel channel : channels) {
            for (Channel.AddressField field : channel.addressFields()) {
                String value = switch (field) {
                    case PHONE -> phone;
                    case EMAIL -> email;
                    case MESSENGER_USER_ID -> messengerUserId;
                };
                if (value != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private String text(List<String> cells, String column, List<RowError> errors) {
        String value = header.value(cells, column);
        if (value != null && value.length() > maxCellLength) {
            errors.add(new RowError(column, shown(value), "is longer than " + maxCellLength + " characters"));
            return null;
        }
        return value;
    }

    static String shown(String value) {
        return value.length() <= SHOWN_VALUE ? value : value.substring(0, SHOWN_VALUE) + "…";
    }
}

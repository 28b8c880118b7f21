package dev.herald.contact;

import dev.herald.messaging.Addresses;
import dev.herald.web.FieldProblem;
import java.util.List;
import java.util.Locale;

/**
 * The identifiers a request may find a contact by, in lookup priority: contactId, externalCustomerId, phone,
 * email. Built from raw input with {@link #parse}, which normalises phone and e-mail the way they are stored.
 */
record ContactIdentifiers(Long contactId, String externalCustomerId, String phone, String email) {

    static final int MAX_EXTERNAL_ID = 255;

    boolean isEmpty() {
        return contactId == null && externalCustomerId == null && phone == null && email == null;
    }

    /**
     * Normalises raw identifiers; blank ones count as absent. Problems are named {@code <path>.<field>}.
     */
    static ContactIdentifiers parse(Long contactId, String externalCustomerId, String phone, String email,
                                    String path, List<FieldProblem> problems) {
        if (contactId != null && contactId <= 0) {
            problems.add(new FieldProblem(path + "contactId", "must be a positive whole number"));
        }
        String external = blankToNull(externalCustomerId);
        if (external != null && external.length() > MAX_EXTERNAL_ID) {
            problems.add(new FieldProblem(path + "externalCustomerId", "must be at most " + MAX_EXTERNAL_ID + " characters"));
        }
        String normalPhone = blankToNull(phone) == null ? null : normalizePhone(phone);
        if (blankToNull(phone) != null && normalPhone == null) {
            problems.add(new FieldProblem(path + "phone", "must be a phone number in international format, e.g. 74992868344"));
        }
        String normalEmail = blankToNull(email) == null ? null : normalizeEmail(email);
        if (blankToNull(email) != null && normalEmail == null) {
            problems.add(new FieldProblem(path + "email", "must be an e-mail address"));
        }
        return new ContactIdentifiers(contactId, external, normalPhone, normalEmail);
    }

    /** E.164 digits without {@code +}, or null if it is not a phone number. */
    static String normalizePhone(String phone) {
        return Addresses.normalizePhone(phone);
    }

    /** The address in lower case (mailbox names are case-blind in practice), or null if it is not one. */
    static String normalizeEmail(String email) {
        String normal = Addresses.normalizeEmail(email);
        return normal == null ? null : normal.toLowerCase(Locale.ROOT);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

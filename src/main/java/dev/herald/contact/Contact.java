package dev.herald.contact;

import java.time.Instant;
import java.util.UUID;

/**
 * A person an account messages. {@code id} is the reference's {@code contactId}; the other identifiers are
 * the account's own and each is unique within the account (phone as E.164 digits, e-mail in lower case).
 */
public record Contact(
        long id,
        UUID accountId,
        String externalCustomerId,
        String phone,
        String email,
        String firstName,
        String lastName,
        Instant createdAt,
        Instant updatedAt) {}

package dev.herald.contact;

import java.util.UUID;

/**
 * What another capability keeps about a contact and must erase with it (its events): called by the contact's
 * erasure inside the transaction that erases the contact, so both go or neither.
 */
public interface ContactErasureStep {

    void erase(UUID accountId, long contactId);
}

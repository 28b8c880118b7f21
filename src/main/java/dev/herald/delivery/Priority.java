package dev.herald.delivery;

/**
 * A message's lane: transactional messages (one-time passwords, receipts) go before bulk ones (campaigns,
 * send tasks, large batches). An API send picks it per message group ({@code priority}); see docs/api.md.
 */
public enum Priority {
    TRANSACTIONAL,
    BULK
}

package dev.herald.channel;

import java.util.UUID;

/**
 * A messenger reported its decision on a template through a webhook (WhatsApp's
 * {@code message_template_status_update}). Published by the adapter after the webhook's signature was checked;
 * the {@code template} capability records it on the channels submitted under {@code externalId} through that
 * connection, of that connection's account only.
 */
public record TemplateReviewed(UUID accountId, UUID connectionId, String externalId, String name, String language,
                               TemplateReviewer.Status status, String reason) {}

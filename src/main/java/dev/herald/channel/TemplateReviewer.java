package dev.herald.channel;

import java.util.Map;

/**
 * A provider type whose messenger reviews the templates Herald submits (WhatsApp message templates, VK / OK
 * notification templates). The {@code template} capability decides what is submitted and records the decisions;
 * the adapter speaks the messenger's template API. A messenger that reports decisions by webhook publishes a
 * {@link TemplateReviewed}; one that does not is asked with {@link #status}.
 */
public interface TemplateReviewer {

    /** The connection {@code type} this reviewer serves, as {@link ProviderType#type()}. */
    String type();

    /**
     * Submits a template for review.
     *
     * @param template   what to submit; {@code externalId} set when an earlier version was submitted already, so
     *                   the messenger's template is edited rather than created again
     * @return the review as the messenger states it right after submission (usually PENDING)
     */
    Review submit(ProviderConnection connection, Channel channel, Submission template) throws ReviewException;

    /** The messenger's present decision on a template submitted earlier. */
    Review status(ProviderConnection connection, Channel channel, Submission template) throws ReviewException;

    /**
     * A template as submitted.
     *
     * @param name       the messenger's name of the template
     * @param language   its language code, where the messenger has languages (WhatsApp)
     * @param definition the messenger-neutral structure: for WhatsApp {@code category}, {@code header},
     *                   {@code body}, {@code footer}, {@code buttons} with positional {{1}} placeholders and
     *                   {@code examples}; for VK / OK {@code email}, {@code text}, {@code vkontakteText},
     *                   {@code vkontakteGroupUrl}, {@code odnoklassnikiText}, {@code odnoklassnikiGroupUrl}
     * @param externalId the messenger's id of the template, when known
     */
    record Submission(String name, String language, Map<String, Object> definition, String externalId) {}

    /** A messenger's decision. {@code reason} is its own words (e.g. Meta's rejection reason), when it gave any. */
    record Review(String externalId, Status status, String reason) {}

    /** Where a template stands with the messenger. */
    enum Status { PENDING, APPROVED, REJECTED, PAUSED, DISABLED }

    /** The messenger could not be asked, or refused the template as submitted. */
    final class ReviewException extends Exception {

        private final boolean refused;

        public ReviewException(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        /** The messenger answered and refused (a 4xx): submitting the same again will not help. */
        public boolean refused() {
            return refused;
        }
    }
}

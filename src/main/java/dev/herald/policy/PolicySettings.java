package dev.herald.policy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * An account's contact policy settings.
 *
 * @param quietHours    local times in which no message that is not critical leaves, or null for none
 * @param doubleOptIn   whether {@code contact/subscribe} confirms an e-mail address before subscribing it
 * @param frequencyCaps at most so many messages of a category per contact per period
 */
record PolicySettings(QuietHours quietHours, boolean doubleOptIn, List<FrequencyCap> frequencyCaps) {

    static final PolicySettings NONE = new PolicySettings(null, false, List.of());

    /** {@code from} until {@code to}, spanning midnight when {@code from} is later. */
    record QuietHours(LocalTime from, LocalTime to) {}

    record FrequencyCap(String category, int maxMessages, Duration period) {}
}

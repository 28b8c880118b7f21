package dev.herald.template;

import dev.herald.channel.TemplateReviewer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a template channel stands with the messenger that moderates it. The messenger decides; Herald submits
 * the channel ({@code POST /api/v1/templates/{id}/moderation/submit}), records the messenger's decisions (its
 * webhook, or asking it) or one a person enters ({@code POST /api/v1/templates/{id}/moderation}), and sends only
 * APPROVED channels. PAUSED and DISABLED are WhatsApp's states of a template it approved earlier.
 */
public enum ModerationState {
    DRAFT, PENDING, APPROVED, REJECTED, PAUSED, DISABLED;

    /** The states a person may move a channel to from this one; a messenger's own decision may make any move. */
    public Set<ModerationState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PENDING);
            case PENDING -> EnumSet.of(APPROVED, REJECTED, DRAFT);
            // A messenger may withdraw an approval later (e.g. WhatsApp pauses or disables a template).
            case APPROVED -> EnumSet.of(REJECTED, PAUSED, DISABLED, DRAFT);
            case REJECTED -> EnumSet.of(PENDING, DRAFT);
            case PAUSED -> EnumSet.of(APPROVED, DISABLED, DRAFT);
            case DISABLED -> EnumSet.of(DRAFT);
        };
    }

    /** Whether the channel may be submitted for review from this state. */
    boolean submittable() {
        return this == DRAFT || this == REJECTED || this == PAUSED;
    }

    static ModerationState of(TemplateReviewer.Status status) {
        return switch (status) {
            case PENDING -> PENDING;
            case APPROVED -> APPROVED;
            case REJECTED -> REJECTED;
            case PAUSED -> PAUSED;
            case DISABLED -> DISABLED;
        };
    }
}

package dev.herald.template;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a template channel stands with the messenger that moderates it. The messenger decides; Herald
 * records its decision ({@code POST /api/v1/templates/{id}/moderation}) and sends only APPROVED channels.
 */
public enum ModerationState {
    DRAFT, PENDING, APPROVED, REJECTED;

    /** The states a channel may be moved to from this one. */
    public Set<ModerationState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PENDING);
            case PENDING -> EnumSet.of(APPROVED, REJECTED, DRAFT);
            // A messenger may withdraw an approval later (e.g. WhatsApp pauses or disables a template).
            case APPROVED -> EnumSet.of(REJECTED, DRAFT);
            case REJECTED -> EnumSet.of(PENDING, DRAFT);
        };
    }
}

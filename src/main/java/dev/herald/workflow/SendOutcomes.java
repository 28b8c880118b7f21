package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.delivery.MessageStatus;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.messaging.MessageView;
import dev.herald.web.Paging;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The outcome of an earlier send of a run, from its messages (every channel its cascade tried) as the message API
 * shows them: sent, delivered, read, clicked, failed, or not opened (neither read nor clicked) within N hours of the
 * send, which is true only once those hours have passed. A condition waits for a send until it is {@link #settled}.
 */
@Component
class SendOutcomes {

    private static final Set<String> SENT = Set.of("SENT", "DELIVERED", "READ", "CLICKED");
    private static final Set<String> DELIVERED = Set.of("DELIVERED", "READ", "CLICKED");
    private static final Set<String> OPENED = Set.of("READ", "CLICKED");

    private final MessageQueries messages;

    SendOutcomes(MessageQueries messages) {
        this.messages = messages;
    }

    /**
     * Whether the send is far enough to judge: a message of it left Herald (SENT or later), or every message of it
     * reached a final status, or it has none (its messages are stored with the send, so none will come).
     */
    boolean settled(UUID accountId, UUID flowId) {
        List<String> statuses = statuses(accountId, flowId);
        return statuses.stream().anyMatch(SENT::contains)
                || statuses.stream().allMatch(s -> MessageStatus.valueOf(s).isFinal());
    }

    boolean test(UUID accountId, UUID flowId, Instant sentAt, String outcome, Integer withinHours, Instant now) {
        List<String> statuses = statuses(accountId, flowId);
        return switch (outcome) {
            case "sent" -> statuses.stream().anyMatch(SENT::contains);
            case "delivered" -> statuses.stream().anyMatch(DELIVERED::contains);
            case "read" -> statuses.stream().anyMatch(OPENED::contains);
            case "clicked" -> statuses.contains(MessageStatus.CLICKED.name());
            case "failed" -> !statuses.isEmpty() && statuses.stream().noneMatch(SENT::contains)
                    && statuses.stream().noneMatch(s -> MessageStatus.valueOf(s).isWaiting() || s.equals("PENDING"));
            case "notOpened" -> statuses.stream().noneMatch(OPENED::contains)
                    && !now.isBefore(sentAt.plus(Duration.ofHours(withinHours)));
            default -> false;
        };
    }

    private List<String> statuses(UUID accountId, UUID flowId) {
        return messages.list(new AccountId(accountId),
                        new MessageFilter(null, null, flowId, null, null, null, null), Paging.of(0, 20))
                .stream().map(MessageView::status).toList();
    }
}

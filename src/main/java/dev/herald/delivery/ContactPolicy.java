package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the contact policy says about the messages of a claimed batch before they are handed over: refused (an
 * opt-out, a frequency cap), held (quiet hours), or let go, perhaps with a {@code List-Unsubscribe} URL for the
 * e-mail. Implemented above the engine ({@code dev.herald.policy}); the engine asks once per batch, so an
 * implementation must answer the whole batch in a constant number of statements.
 */
public interface ContactPolicy {

    /**
     * One message of the batch.
     *
     * @param firstHandOver whether it has not been handed over before (a retry is not counted or held again)
     */
    record Candidate(UUID messageId, UUID accountId, UUID flowId, Channel channel, String address,
                     boolean firstHandOver) {}

    /** What to do with a message; a message the answer leaves out goes as it is. */
    sealed interface Verdict {}

    /** Not sent: a final FAILED with this error; the cascade moves on. */
    record Refused(MessageError error) implements Verdict {}

    /** Not yet: put back until {@code until}, its status history saying why. */
    record Held(Instant until, MessageError reason) implements Verdict {}

    /** Sent, with extra channel options for the provider (e.g. {@code listUnsubscribe}). */
    record Marked(Map<String, Object> options) implements Verdict {}

    Map<UUID, Verdict> judge(List<Candidate> batch, Instant now);

    /** Without a policy every message goes. */
    ContactPolicy NONE = (batch, now) -> Map.of();
}

package dev.herald.delivery;

import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import dev.herald.channel.SendResult;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message table and its status history. Every status change goes through {@link #transition}, which
 * only moves a message forward ({@link MessageStatus#canMoveTo}) and records the change with its time.
 */
@Repository
class Messages {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /**
     * The first part of every status change: lock the message's flow, then the message, and read the old
     * status. Changes to messages of one flow (its cascade, its required channels, a cancel) thus queue up
     * instead of deadlocking. NO KEY locks do not conflict with the KEY SHARE locks that foreign keys take
     * (attempts, events, new cascade messages).
     */
    private static final String LOCK_FLOW_THEN_MESSAGE = """
            flow_lock AS (
                SELECT f.id FROM flow f WHERE f.id = (SELECT flow_id FROM message WHERE id = :id) FOR NO KEY UPDATE),
            old AS (
                SELECT m.id, m.status FROM message m JOIN flow_lock ON flow_lock.id = m.flow_id
                WHERE m.id = :id FOR NO KEY UPDATE OF m)""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Messages(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record NewMessage(UUID id, UUID accountId, UUID bulkId, UUID groupId, UUID flowId, int planIndex,
                      PlannedChannel step, boolean decidesFlow, Map<String, Object> content, MessageStatus status,
                      MessageError error, Instant validUntil, Priority lane) {}

    /**
     * Inserts the messages bound by {@link #params} and their first status events: CTEs for a bigger statement
     * (see {@link FlowStarter}), one multi-row insert per table.
     */
    static final String INSERT_CTES = """
            new_message AS (
                INSERT INTO message (id, account_id, bulk_id, group_id, flow_id, plan_index, channel, required,
                                     provider, address, content, status, error, valid_until, decides_flow, lane,
                                     address_source)
                SELECT * FROM unnest(:m_id::uuid[], :m_account::uuid[], :m_bulk::uuid[], :m_group::uuid[], :m_flow::uuid[],
                                     :m_plan_index::int[], :m_channel::text[], :m_required::boolean[], :m_provider::text[],
                                     :m_address::text[], :m_content::jsonb[], :m_status::text[], :m_error::jsonb[],
                                     :m_valid_until::timestamptz[], :m_decides::boolean[], :m_lane::smallint[],
                                     :m_address_source::text[])
                RETURNING id, status, error),
            new_message_event AS (
                INSERT INTO message_status_event (message_id, status, error) SELECT id, status, error FROM new_message)""";

    void insert(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.sql("WITH " + INSERT_CTES + " SELECT count(*) FROM new_message")
                .params(params(messages))
                .query(Long.class)
                .single();
    }

    /** The parameters of {@link #INSERT_CTES}: one array per column. */
    Map<String, Object> params(List<NewMessage> messages) {
        int n = messages.size();
        String[] ids = new String[n];
        String[] accounts = new String[n];
        String[] bulks = new String[n];
        String[] groups = new String[n];
        String[] flows = new String[n];
        Integer[] planIndexes = new Integer[n];
        String[] channels = new String[n];
        Boolean[] required = new Boolean[n];
        String[] providers = new String[n];
        String[] addresses = new String[n];
        String[] contents = new String[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        String[] validUntil = new String[n];
        Boolean[] decides = new Boolean[n];
        Integer[] lanes = new Integer[n];
        String[] addressSources = new String[n];
        // The messages of a group mostly share one contents map: written once.
        Map<Map<String, Object>, String> written = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            NewMessage m = messages.get(i);
            ids[i] = m.id().toString();
            accounts[i] = m.accountId().toString();
            bulks[i] = m.bulkId().toString();
            groups[i] = m.groupId().toString();
            flows[i] = m.flowId().toString();
            planIndexes[i] = m.planIndex();
            channels[i] = m.step().channel().name();
            required[i] = m.step().required();
            providers[i] = m.step().provider();
            addresses[i] = m.step().address();
            contents[i] = written.computeIfAbsent(m.content(), json::writeValueAsString);
            statuses[i] = m.status().name();
            errors[i] = m.error() == null ? null : json.writeValueAsString(m.error());
            validUntil[i] = m.validUntil().toString();
            decides[i] = m.decidesFlow();
            lanes[i] = m.lane().lane();
            addressSources[i] = m.step().addressSource() == null ? null : m.step().addressSource().code();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("m_id", ids);
        params.put("m_account", accounts);
        params.put("m_bulk", bulks);
        params.put("m_group", groups);
        params.put("m_flow", flows);
        params.put("m_plan_index", planIndexes);
        params.put("m_channel", channels);
        params.put("m_required", required);
        params.put("m_provider", providers);
        params.put("m_address", addresses);
        params.put("m_content", contents);
        params.put("m_status", statuses);
        params.put("m_error", errors);
        params.put("m_valid_until", validUntil);
        params.put("m_decides", decides);
        params.put("m_lane", lanes);
        params.put("m_address_source", addressSources);
        return params;
    }

    Optional<MessageRow> find(UUID id) {
        return jdbc.sql("SELECT * FROM message WHERE id = ?").param(id).query(this::row).optional();
    }

    List<MessageRow> findAll(Collection<UUID> ids) {
        return jdbc.sql("SELECT * FROM message WHERE id = ANY(?)").param(ids.toArray(UUID[]::new)).query(this::row).list();
    }

    /**
     * Locks the flows of these messages, in id order. Call first in a transaction that changes several messages
     * at once: every status change locks a message's flow before the message, so sorted flow locks cannot
     * deadlock with each other or with {@link Cancellation} and {@link Pausing}, which lock the same way.
     */
    void lockFlows(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        SELECT f.id FROM flow f
                        WHERE f.id IN (SELECT flow_id FROM message WHERE id = ANY(?))
                        ORDER BY f.id FOR NO KEY UPDATE""")
                .param(messageIds.toArray(UUID[]::new))
                .query()
                .listOfRows();
    }

    /**
     * As {@link #lockFlows}, then holds the expiry floor ({@link ExpirySweeps#HOLD_FLOOR}) until the transaction
     * ends: call it in the transaction that will {@link #markSentAll}. The count takes every flow lock before the
     * floor, so the transaction never waits for a flow while it holds the floor.
     */
    void lockFlowsHoldingExpiryFloor(Collection<UUID> messageIds) {
        jdbc.sql("""
                        SELECT %s FROM (
                            SELECT count(*) FROM (
                                SELECT f.id FROM flow f
                                WHERE f.id IN (SELECT flow_id FROM message WHERE id = ANY(?))
                                ORDER BY f.id FOR NO KEY UPDATE) locked) flows""".formatted(ExpirySweeps.HOLD_FLOOR))
                .param(messageIds.toArray(UUID[]::new))
                .query()
                .listOfRows();
    }

    /** A message whose hand-over started: PENDING now, with the attempt recorded for it. */
    record Started(Transition change, long attemptId) {}

    /**
     * Moves the waiting ones of these messages to PENDING and counts one more attempt on those already PENDING (a
     * retry, or a node that died mid-send), recording each attempt as STARTED; one statement for the batch.
     * Messages in any other status (cancelled, paused, done) are left alone and not returned. Call after
     * {@link #lockFlows}, so this takes the message locks a cancel takes, in the same order.
     */
    List<Started> startAll(Collection<UUID> ids, String node) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH old AS (
                            SELECT id, status FROM message
                            WHERE id = ANY(:ids) AND status IN ('CREATED', 'DELAYED', 'PENDING')
                            ORDER BY id FOR NO KEY UPDATE),
                        moved AS (
                            UPDATE message m SET status = 'PENDING', attempts = m.attempts + 1, updated_at = now()
                            FROM old WHERE m.id = old.id
                            RETURNING m.*, old.status AS old_status),
                        event AS (
                            INSERT INTO message_status_event (message_id, status)
                            SELECT id, 'PENDING' FROM moved WHERE old_status <> 'PENDING'),
                        attempt AS (
                            INSERT INTO delivery_attempt (message_id, attempt, node, started_at, outcome)
                            SELECT id, attempts, :node, now(), 'STARTED' FROM moved
                            RETURNING id, message_id)
                        SELECT moved.*, attempt.id AS attempt_id FROM moved JOIN attempt ON attempt.message_id = moved.id""")
                .param("ids", ids.toArray(UUID[]::new))
                .param("node", node)
                .query((rs, i) -> new Started(new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))),
                        rs.getLong("attempt_id")))
                .list();
    }

    /** How many rows an account's running total of costs is spread over (see {@link #addSpend}). */
    private static final int SPEND_SHARDS = 16;

    /**
     * The part of a statement that adds the costs of the messages it moved ({@code moved}, with the column named)
     * to their accounts' running totals: one upsert in the same statement, so the total and the messages' costs never
     * disagree. It adds to one shard of each total, drawn per statement, so that two nodes adding to one account at
     * once seldom wait for each other's row lock (held until the batch commits; taken in account order).
     */
    private static String addSpend(String column) {
        return """
                spend AS (
                    INSERT INTO account_spend AS s (account_id, currency, shard, spent)
                    SELECT account_id, cost_currency, %d, sum(%s) FROM moved
                    WHERE cost_currency IS NOT NULL GROUP BY account_id, cost_currency
                    HAVING sum(%2$s) IS NOT NULL
                    ORDER BY account_id, cost_currency
                    ON CONFLICT (account_id, currency, shard) DO UPDATE SET spent = s.spent + excluded.spent)"""
                .formatted(ThreadLocalRandom.current().nextInt(SPEND_SHARDS), column);
    }

    /** A message the provider accepted; {@code awaitsReport} when its provider reports what became of it. */
    record Sent(UUID id, String providerMessageId, int partCount, boolean awaitsReport, String provider,
                BigDecimal cost, String costCurrency) {

        Sent(UUID id, String providerMessageId, int partCount, boolean awaitsReport) {
            this(id, providerMessageId, partCount, awaitsReport, null, null, null);
        }
    }

    /**
     * Records SENT, the provider's ids and part counts, for PENDING messages; one statement for the batch. One that
     * awaits a report expires at the end of its validity, or at the expiry sweep's floor if that is later (sent after
     * its validity ended: the next sweep expires it); call after {@link #lockFlowsHoldingExpiryFloor}.
     */
    List<Transition> markSentAll(List<Sent> sent) {
        if (sent.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH u AS (
                            SELECT * FROM unnest(:ids::uuid[], :providerIds::text[], :parts::int[], :awaits::boolean[],
                                                 :providers::text[], :costs::numeric[], :currencies::text[])
                                AS u(id, provider_id, parts, awaits, provider, cost, currency)),
                        old AS (
                            SELECT id, status FROM message WHERE id = ANY(:ids) AND status = 'PENDING'
                            ORDER BY id FOR NO KEY UPDATE),
                        moved AS (
                            UPDATE message m SET status = 'SENT', provider_message_id = u.provider_id, part_count = u.parts,
                                   provider = coalesce(u.provider, m.provider), cost = u.cost, cost_currency = u.currency,
                                   sent_at = now(), updated_at = now(),
                                   expires_at = CASE WHEN u.awaits
                                       THEN greatest(m.valid_until, (SELECT floor_at FROM expiry_sweep)) END
                            FROM old JOIN u ON u.id = old.id WHERE m.id = old.id
                            RETURNING m.*, old.status AS old_status),
                        event AS (
                            INSERT INTO message_status_event (message_id, status) SELECT id, 'SENT' FROM moved),
                        %s
                        SELECT * FROM moved""".formatted(addSpend("cost")))
                .param("ids", sent.stream().map(Sent::id).toArray(UUID[]::new))
                .param("providerIds", sent.stream().map(Sent::providerMessageId).toArray(String[]::new))
                .param("parts", sent.stream().map(Sent::partCount).toArray(Integer[]::new))
                .param("awaits", sent.stream().map(Sent::awaitsReport).toArray(Boolean[]::new))
                .param("providers", sent.stream().map(Sent::provider).toArray(String[]::new))
                .param("costs", sent.stream().map(Sent::cost).toArray(BigDecimal[]::new))
                .param("currencies", sent.stream().map(Sent::costCurrency).toArray(String[]::new))
                .query((rs, i) -> new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))))
                .list();
    }

    /** One message to move to {@code next}, with its error (or null). */
    record Change(UUID id, MessageStatus next, MessageError error) {}

    /**
     * Moves each message to its {@code next} status where its current status allows it (and, if given, is one
     * of {@code onlyFrom}), recording the changes: one statement per distinct next status, applied in life
     * order (DELIVERED before READ before CLICKED), so that two changes of one message in a batch both count.
     * Call after {@link #lockFlows}.
     */
    List<Transition> transitionAll(List<Change> changes, Set<MessageStatus> onlyFrom) {
        Map<MessageStatus, Map<UUID, Change>> byStatus = new TreeMap<>();
        for (Change change : changes) {
            byStatus.computeIfAbsent(change.next(), s -> new LinkedHashMap<>()).putIfAbsent(change.id(), change);
        }
        List<Transition> moved = new ArrayList<>();
        byStatus.forEach((next, group) -> {
            String[] allowedFrom = Arrays.stream(MessageStatus.values())
                    .filter(s -> s.canMoveTo(next) && (onlyFrom == null || onlyFrom.contains(s)))
                    .map(Enum::name)
                    .toArray(String[]::new);
            moved.addAll(jdbc.sql("""
                            WITH u AS (SELECT * FROM unnest(:ids::uuid[], :errors::text[]) AS u(id, error)),
                            old AS (
                                SELECT id, status FROM message WHERE id = ANY(:ids) AND status = ANY(:allowedFrom)
                                ORDER BY id FOR NO KEY UPDATE),
                            moved AS (
                                UPDATE message m SET status = :next, error = coalesce(u.error::jsonb, m.error),
                                       updated_at = now(),
                                       delivered_at = CASE WHEN :next = 'DELIVERED' THEN now() ELSE m.delivered_at END
                                FROM old JOIN u ON u.id = old.id WHERE m.id = old.id
                                RETURNING m.*, old.status AS old_status, u.error AS change_error),
                            event AS (
                                INSERT INTO message_status_event (message_id, status, error)
                                SELECT id, :next, change_error::jsonb FROM moved)
                            SELECT * FROM moved""")
                    .param("ids", group.keySet().toArray(UUID[]::new))
                    .param("errors", group.values().stream()
                            .map(c -> c.error() == null ? null : json.writeValueAsString(c.error())).toArray(String[]::new))
                    .param("allowedFrom", allowedFrom)
                    .param("next", next.name())
                    .query((rs, i) -> new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))))
                    .list());
        });
        return moved;
    }

    /**
     * Holds waiting messages back (quiet hours, the balance limit): DELAYED, with a DELAYED status event that carries
     * the reason; one statement. The message's own error stays as it was, so that a message delivered after the hold
     * shows no error. Returns the messages held, with the status each was in before.
     */
    List<Transition> holdAll(Map<UUID, MessageError> reasons) {
        if (reasons.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH u AS (
                            SELECT * FROM unnest(:ids::uuid[], :errors::jsonb[]) AS u(id, error)),
                        old AS (
                            SELECT id, status FROM message WHERE id = ANY(:ids) AND status IN ('CREATED', 'DELAYED')
                            ORDER BY id FOR NO KEY UPDATE),
                        held AS (
                            UPDATE message m SET status = 'DELAYED', updated_at = now()
                            FROM old JOIN u ON u.id = old.id WHERE m.id = old.id
                            RETURNING m.*, old.status AS old_status, u.error AS hold_error),
                        event AS (
                            INSERT INTO message_status_event (message_id, status, error)
                            SELECT id, 'DELAYED', hold_error FROM held)
                        SELECT * FROM held""")
                .param("ids", reasons.keySet().toArray(UUID[]::new))
                .param("errors", reasons.values().stream().map(json::writeValueAsString).toArray(String[]::new))
                .query((rs, i) -> new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))))
                .list();
    }

    /** The outcome of a started attempt. */
    record AttemptOutcome(long attemptId, String outcome, String detail, String provider) {

        AttemptOutcome(long attemptId, String outcome, String detail) {
            this(attemptId, outcome, detail, null);
        }
    }

    void finishAttempts(List<AttemptOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE delivery_attempt a SET finished_at = now(), outcome = u.outcome, detail = u.detail,
                               provider = u.provider
                        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS u(id, outcome, detail, provider)
                        WHERE a.id = u.id""")
                .params(outcomes.stream().map(AttemptOutcome::attemptId).toArray(Long[]::new),
                        outcomes.stream().map(AttemptOutcome::outcome).toArray(String[]::new),
                        outcomes.stream().map(AttemptOutcome::detail).toArray(String[]::new),
                        outcomes.stream().map(AttemptOutcome::provider).toArray(String[]::new))
                .update();
    }

    /** A SENT message a provider accepted again (its route's report timeout passed): now tracked by that one. */
    record Resent(UUID id, String provider, String providerMessageId, int partCount, BigDecimal cost, String costCurrency) {}

    /** Records that SENT messages went again through another provider; returns the ones still SENT. */
    List<MessageRow> markResentAll(List<Resent> resent) {
        if (resent.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH moved AS (
                        UPDATE message m SET provider = u.provider, provider_message_id = u.provider_id,
                               part_count = u.parts, attempts = m.attempts + 1, sent_at = now(), updated_at = now(),
                               -- the second copy costs too (added when both are in one currency)
                               cost = CASE WHEN u.cost IS NULL THEN m.cost
                                           WHEN m.cost IS NULL THEN u.cost
                                           WHEN m.cost_currency = u.currency THEN m.cost + u.cost ELSE m.cost END,
                               cost_currency = coalesce(m.cost_currency, u.currency)
                        FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::numeric[], ?::text[])
                            AS u(id, provider, provider_id, parts, cost, currency)
                        WHERE m.id = u.id AND m.status = 'SENT'
                        -- what the second copy added: its cost when it is in the message's currency (see above)
                        RETURNING m.*, CASE WHEN u.cost IS NOT NULL AND m.cost_currency = u.currency THEN u.cost END AS added),
                        %s
                        SELECT * FROM moved""".formatted(addSpend("added")))
                .params(resent.stream().map(Resent::id).toArray(UUID[]::new),
                        resent.stream().map(Resent::provider).toArray(String[]::new),
                        resent.stream().map(Resent::providerMessageId).toArray(String[]::new),
                        resent.stream().map(Resent::partCount).toArray(Integer[]::new),
                        resent.stream().map(Resent::cost).toArray(BigDecimal[]::new),
                        resent.stream().map(Resent::costCurrency).toArray(String[]::new))
                .query(this::row)
                .list();
    }

    /** A hand-over of a routed message that failed over to the route's next connection. */
    record EarlierAttempt(UUID messageId, int attempt, String provider, String outcome, String detail, Instant finishedAt) {}

    /** Records the hand-overs that failed over, finished, beside the attempt that ended the hand-over. */
    void recordEarlierAttempts(List<EarlierAttempt> earlier, String node) {
        if (earlier.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO delivery_attempt (message_id, attempt, node, started_at, finished_at, outcome, detail, provider)
                        SELECT u.message_id, u.attempt, ?, u.finished_at, u.finished_at, u.outcome, u.detail, u.provider
                        FROM unnest(?::uuid[], ?::int[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
                            AS u(message_id, attempt, finished_at, outcome, detail, provider)""")
                .params(node,
                        earlier.stream().map(EarlierAttempt::messageId).toArray(UUID[]::new),
                        earlier.stream().map(EarlierAttempt::attempt).toArray(Integer[]::new),
                        earlier.stream().map(e -> Timestamp.from(e.finishedAt())).toArray(Timestamp[]::new),
                        earlier.stream().map(EarlierAttempt::outcome).toArray(String[]::new),
                        earlier.stream().map(EarlierAttempt::detail).toArray(String[]::new),
                        earlier.stream().map(EarlierAttempt::provider).toArray(String[]::new))
                .update();
    }

    /** How an attempt's outcome is recorded. */
    static String outcomeOf(SendResult result) {
        return switch (result) {
            case SendResult.Accepted a -> "ACCEPTED";
            case SendResult.TransientFailure t -> "TRANSIENT_FAILURE";
            case SendResult.PermanentFailure p -> "PERMANENT_FAILURE";
            case SendResult.RecipientBlocked b -> "BLOCKED";
        };
    }

    static String detailOf(SendResult result) {
        return switch (result) {
            case SendResult.Accepted a -> a.providerMessageId();
            case SendResult.TransientFailure t -> t.reason();
            case SendResult.PermanentFailure p -> p.code() + ": " + p.reason();
            case SendResult.RecipientBlocked b -> b.reason();
        };
    }

    /** An entry of the expiry index: a message that waited for a report (or still does) until {@code expiresAt}. */
    record Awaiting(UUID id, Instant expiresAt, boolean sent) {}

    /**
     * The next entries of the expiry index after the cursor {@code (at, id)} and before {@code floor}, in index
     * order, with whether each message is still SENT. Reads no lock: the caller locks what it expires.
     */
    List<Awaiting> awaitingAfter(Instant at, UUID id, Instant floor, int limit) {
        return jdbc.sql("""
                        SELECT id, expires_at, status = 'SENT' AS sent FROM message
                        WHERE expires_at IS NOT NULL AND (expires_at, id) > (?, ?) AND expires_at < ?
                        ORDER BY expires_at, id LIMIT ?""")
                .params(Timestamp.from(at), id, Timestamp.from(floor), limit)
                .query((rs, i) -> new Awaiting(rs.getObject("id", UUID.class), rs.getTimestamp("expires_at").toInstant(),
                        rs.getBoolean("sent")))
                .list();
    }

    /**
     * The messages these providers' ids name; where a provider reused an id, the latest send still within its
     * validity (else the latest send).
     */
    List<MessageRow> findByProviderIds(List<String> providers, List<String> providerMessageIds) {
        if (providers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT DISTINCT ON (m.provider, m.provider_message_id) m.*
                        FROM message m
                        JOIN unnest(?::text[], ?::text[]) AS u(provider, provider_message_id)
                          ON m.provider = u.provider AND m.provider_message_id = u.provider_message_id
                        ORDER BY m.provider, m.provider_message_id, m.valid_until >= now() DESC, m.sent_at DESC NULLS LAST""")
                .params(providers.toArray(String[]::new), providerMessageIds.toArray(String[]::new))
                .query(this::row)
                .list();
    }

    /** Sets each flow's status: the status of its deciding message. One statement for the batch. */
    void updateFlowStatuses(Map<UUID, MessageStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE flow f SET status = u.status, updated_at = now()
                        FROM unnest(?::uuid[], ?::text[]) AS u(id, status)
                        WHERE f.id = u.id AND f.status <> u.status""")
                .params(statuses.keySet().toArray(UUID[]::new),
                        statuses.values().stream().map(Enum::name).toArray(String[]::new))
                .update();
    }

    /** A status change that happened: the message as it now is, and the status it left. */
    record Transition(MessageRow message, MessageStatus from) {}

    /**
     * Moves a message to {@code next} if its current status allows it, recording the change.
     *
     * @return the change, or empty if the message was already past {@code next}
     */
    Optional<Transition> transition(UUID id, MessageStatus next, MessageError error) {
        String[] allowedFrom = Arrays.stream(MessageStatus.values())
                .filter(s -> s.canMoveTo(next))
                .map(Enum::name)
                .toArray(String[]::new);
        return record(jdbc.sql("""
                        WITH %s,
                        moved AS (
                            UPDATE message m SET status = :next, error = coalesce(:error::jsonb, m.error), updated_at = now(),
                                   attempts = m.attempts + CASE WHEN :next = 'PENDING' THEN 1 ELSE 0 END,
                                   delivered_at = CASE WHEN :next = 'DELIVERED' THEN now() ELSE m.delivered_at END
                            FROM old WHERE m.id = old.id AND old.status = ANY(:allowedFrom)
                            RETURNING m.*, old.status AS old_status),
                        event AS (
                            INSERT INTO message_status_event (message_id, status, error)
                            SELECT id, :next, :error::jsonb FROM moved)
                        SELECT * FROM moved""".formatted(LOCK_FLOW_THEN_MESSAGE))
                .param("next", next.name())
                .param("error", error == null ? null : json.writeValueAsString(error))
                .param("id", id)
                .param("allowedFrom", allowedFrom));
    }

    private Optional<Transition> record(JdbcClient.StatementSpec update) {
        return update
                .query((rs, i) -> new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))))
                .optional();
    }

    private MessageRow row(ResultSet rs, int i) throws SQLException {
        String error = rs.getString("error");
        return new MessageRow(
                rs.getObject("id", UUID.class),
                rs.getObject("account_id", UUID.class),
                rs.getObject("bulk_id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("flow_id", UUID.class),
                rs.getInt("plan_index"),
                Channel.valueOf(rs.getString("channel")),
                rs.getBoolean("required"),
                rs.getBoolean("decides_flow"),
                rs.getString("provider"),
                rs.getString("address"),
                AddressSource.parse(rs.getString("address_source")).orElse(null),
                json.readValue(rs.getString("content"), MAP),
                MessageStatus.valueOf(rs.getString("status")),
                error == null ? null : json.readValue(error, MessageError.class),
                rs.getString("provider_message_id"),
                rs.getObject("part_count", Integer.class),
                rs.getInt("attempts"),
                rs.getTimestamp("valid_until").toInstant(),
                Priority.ofLane(rs.getInt("lane")));
    }
}

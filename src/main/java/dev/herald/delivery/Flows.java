package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The flow table: one row per destination, holding its channel plan. */
@Repository
class Flows {

    private static final TypeReference<List<PlannedChannel>> PLAN = new TypeReference<>() {};
    private static final TypeReference<Map<String, Map<String, Object>>> CHANNELS = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> RANGES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Flows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the cascade needs to start a flow's next channel. */
    record FlowContext(UUID id, UUID accountId, UUID bulkId, UUID groupId, List<PlannedChannel> plan,
                       Map<Channel, Map<String, Object>> contents, SendingWindow window, boolean cancelled) {}

    /**
     * Inserts the flows bound by {@link #params}: a CTE for a bigger statement (see {@link FlowStarter}), one
     * multi-row insert for all of them.
     */
    static final String INSERT_CTE = """
            new_flow AS (
                INSERT INTO flow (id, account_id, bulk_id, group_id, position, destination, channel_plan, status, contents)
                SELECT * FROM unnest(:f_id::uuid[], :f_account::uuid[], :f_bulk::uuid[], :f_group::uuid[], :f_position::int[],
                                     :f_destination::jsonb[], :f_plan::jsonb[], :f_status::text[], :f_contents::jsonb[]))""";

    /** The parameters of {@link #INSERT_CTE}: one array per column, {@code statuses} in the order of {@code flows}. */
    Map<String, Object> params(List<NewFlow> flows, List<MessageStatus> statuses) {
        int n = flows.size();
        String[] ids = new String[n];
        String[] accounts = new String[n];
        String[] bulks = new String[n];
        String[] groups = new String[n];
        Integer[] positions = new Integer[n];
        String[] destinations = new String[n];
        String[] plans = new String[n];
        String[] status = new String[n];
        String[] contents = new String[n];
        for (int i = 0; i < n; i++) {
            NewFlow f = flows.get(i);
            ids[i] = f.id().toString();
            accounts[i] = f.accountId().toString();
            bulks[i] = f.bulkId().toString();
            groups[i] = f.groupId().toString();
            positions[i] = f.position();
            destinations[i] = json.writeValueAsString(f.destination());
            plans[i] = json.writeValueAsString(f.plan());
            status[i] = statuses.get(i).name();
            contents[i] = f.ownContents() ? json.writeValueAsString(byKey(f.contents())) : null;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("f_id", ids);
        params.put("f_account", accounts);
        params.put("f_bulk", bulks);
        params.put("f_group", groups);
        params.put("f_position", positions);
        params.put("f_destination", destinations);
        params.put("f_plan", plans);
        params.put("f_status", status);
        params.put("f_contents", contents);
        return params;
    }

    /** Contents as the group stores them: by request channel key. */
    private static Map<String, Map<String, Object>> byKey(Map<Channel, Map<String, Object>> contents) {
        Map<String, Map<String, Object>> stored = new LinkedHashMap<>();
        contents.forEach((channel, content) -> stored.put(channel.key(), content));
        return stored;
    }

    /** The sending window of each of these flows (their group's allowed time ranges), for retries and put-backs. */
    Map<UUID, SendingWindow> windows(Collection<UUID> flowIds) {
        Map<UUID, SendingWindow> windows = new HashMap<>();
        if (flowIds.isEmpty()) {
            return windows;
        }
        jdbc.sql("""
                        SELECT f.id, g.allowed_time_ranges, coalesce(g.time_zone, a.time_zone) AS zone
                        FROM flow f
                        JOIN message_group g ON g.id = f.group_id
                        JOIN account a ON a.id = f.account_id
                        WHERE f.id = ANY(?)""")
                .param(flowIds.stream().distinct().toArray(UUID[]::new))
                .query(rs -> {
                    windows.put(rs.getObject("id", UUID.class), window(rs.getString("allowed_time_ranges"), rs.getString("zone")));
                });
        return windows;
    }

    private SendingWindow window(String ranges, String zone) {
        return SendingWindow.parse(ranges == null ? List.of() : json.readValue(ranges, RANGES), ZoneId.of(zone));
    }

    FlowContext load(UUID flowId) {
        return jdbc.sql("""
                        SELECT f.id, f.account_id, f.bulk_id, f.group_id, f.channel_plan, f.cancelled_at,
                               coalesce(f.contents, g.channels) AS channels,
                               g.allowed_time_ranges, coalesce(g.time_zone, a.time_zone) AS zone
                        FROM flow f
                        JOIN message_group g ON g.id = f.group_id
                        JOIN account a ON a.id = f.account_id
                        WHERE f.id = ?""")
                .param(flowId)
                .query((rs, i) -> {
                    Map<Channel, Map<String, Object>> contents = new EnumMap<>(Channel.class);
                    json.readValue(rs.getString("channels"), CHANNELS)
                            .forEach((key, options) -> Channel.parse(key).ifPresent(c -> contents.put(c, options)));
                    SendingWindow window = window(rs.getString("allowed_time_ranges"), rs.getString("zone"));
                    return new FlowContext(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                            rs.getObject("bulk_id", UUID.class), rs.getObject("group_id", UUID.class),
                            json.readValue(rs.getString("channel_plan"), PLAN), contents, window,
                            rs.getTimestamp("cancelled_at") != null);
                })
                .single();
    }
}

package dev.herald.template;

import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.web.ConflictException;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template, template_version and template_moderation tables. Every change of content adds a version;
 * a moderated channel keeps its state into the new version only when its content did not change, so what
 * a messenger approved is what is sent.
 */
@Repository
class Templates {

    private static final TypeReference<LinkedHashMap<String, ChannelOptions>> CHANNELS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** Fields that say how to deliver rather than what: changing them needs no new moderation. */
    private static final List<String> ROUTING = List.of("provider", "required", "validityPeriod");

    private static final String SELECT = """
            SELECT t.id, t.name, t.description, t.version AS current_version, t.created_at, t.updated_at,
                   v.version, v.channels
            FROM template t JOIN template_version v ON v.template_id = t.id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Audit audit;

    Templates(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, Audit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
    }

    /** What a template is made of; the caller has validated it. */
    record Content(String name, String description, Map<String, ChannelOptions> channels) {}

    UUID create(UUID accountId, Content content) {
        return tx.execute(status -> insert(accountId, content));
    }

    private UUID insert(UUID accountId, Content content) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("INSERT INTO template (id, account_id, name, description, version) VALUES (?, ?, ?, ?, 1)")
                    .params(id, accountId, content.name(), content.description())
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(content.name());
        }
        insertVersion(id, 1, content.channels(), Map.of(), Map.of());
        audit.record(new AccountId(accountId), "template.create", id, Map.of("name", String.valueOf(content.name())));
        return id;
    }

    /** The current version of a live template. */
    Optional<StoredTemplate> find(UUID accountId, UUID id) {
        return one(SELECT + "WHERE t.account_id = ? AND t.id = ? AND t.deleted_at IS NULL AND v.version = t.version",
                accountId, id);
    }

    Optional<StoredTemplate> find(UUID accountId, UUID id, int version) {
        return one(SELECT + "WHERE t.account_id = ? AND t.id = ? AND t.deleted_at IS NULL AND v.version = ?",
                accountId, id, version);
    }

    long count(UUID accountId, String nameContains) {
        return jdbc.sql("""
                        SELECT count(*) FROM template
                        WHERE account_id = ? AND deleted_at IS NULL AND (?::text IS NULL OR name ILIKE ? ESCAPE '\\')""")
                .params(accountId, nameContains, like(nameContains))
                .query(Long.class)
                .single();
    }

    /** Current versions, by name. */
    List<StoredTemplate> list(UUID accountId, String nameContains, Paging paging) {
        List<StoredTemplate> found = jdbc.sql(SELECT + """
                        WHERE t.account_id = ? AND t.deleted_at IS NULL AND v.version = t.version
                          AND (?::text IS NULL OR t.name ILIKE ? ESCAPE '\\')
                        ORDER BY lower(t.name), t.id LIMIT ? OFFSET ?""")
                .params(accountId, nameContains, like(nameContains), paging.limit(), paging.offset())
                .query(this::row)
                .list();
        return withModeration(found);
    }

    /** A version's number and time, for the history of a template. */
    record VersionInfo(int version, Instant createdAt) {}

    List<VersionInfo> versions(UUID accountId, UUID id) {
        return jdbc.sql("""
                        SELECT v.version, v.created_at FROM template_version v JOIN template t ON t.id = v.template_id
                        WHERE t.account_id = ? AND t.id = ? AND t.deleted_at IS NULL ORDER BY v.version DESC""")
                .params(accountId, id)
                .query((rs, i) -> new VersionInfo(rs.getInt("version"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /**
     * Replaces a template's content with a new version.
     *
     * @param basedOn the version the change was made from, when the caller says; another one is a conflict
     * @return the new version, or empty when there is no such live template
     */
    Optional<Integer> update(UUID accountId, UUID id, Content content, Integer basedOn) {
        return tx.execute(status -> replace(accountId, id, content, basedOn));
    }

    private Optional<Integer> replace(UUID accountId, UUID id, Content content, Integer basedOn) {
        Optional<StoredTemplate> current = lockCurrent(accountId, id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        StoredTemplate previous = current.get();
        checkVersion(previous, basedOn);
        int version = previous.version() + 1;
        try {
            jdbc.sql("""
                            UPDATE template SET name = ?, description = ?, version = ?, updated_at = now()
                            WHERE account_id = ? AND id = ?""")
                    .params(content.name(), content.description(), version, accountId, id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(content.name());
        }
        insertVersion(id, version, content.channels(), previous.channels(), previous.moderation());
        audit.record(new AccountId(accountId), "template.update", id, Map.of("name", String.valueOf(content.name()),
                "version", version));
        return Optional.of(version);
    }

    boolean delete(UUID accountId, UUID id) {
        boolean deleted = jdbc.sql(
                        "UPDATE template SET deleted_at = now() WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .params(accountId, id)
                .update() == 1;
        if (deleted) {
            audit.record(new AccountId(accountId), "template.delete", id);
        }
        return deleted;
    }

    /**
     * Brings back a template deleted within {@code window}.
     *
     * @return false when there is no such deleted template
     * @throws ConflictException when a live template has taken its name since
     */
    boolean restore(UUID accountId, UUID id, java.time.Duration window) {
        try {
            boolean restored = jdbc.sql("""
                            UPDATE template SET deleted_at = NULL, updated_at = now()
                            WHERE account_id = ? AND id = ? AND deleted_at >= now() - ? * interval '1 second'""")
                    .params(accountId, id, window.toSeconds())
                    .update() == 1;
            if (restored) {
                audit.record(new AccountId(accountId), "template.restore", id);
            }
            return restored;
        } catch (DuplicateKeyException e) {
            throw new ConflictException("Another template has taken its name since; rename that one to bring this one back.");
        }
    }

    /** The outcome of a moderation change. */
    sealed interface ModerationChange {
        record Done() implements ModerationChange {}
        record NoTemplate() implements ModerationChange {}
        record NotModerated(String channels) implements ModerationChange {}
    }

    /**
     * Records a messenger's decision on a channel of the current version.
     *
     * @throws ConflictException when the version is not the current one or the state cannot follow the present one
     */
    ModerationChange moderate(UUID accountId, UUID id, String channel, ModerationState next, String reason,
                              Integer version) {
        return tx.execute(status -> record(accountId, id, channel, next, reason, version));
    }

    private ModerationChange record(UUID accountId, UUID id, String channel, ModerationState next, String reason,
                                    Integer version) {
        Optional<StoredTemplate> current = lockCurrent(accountId, id);
        if (current.isEmpty()) {
            return new ModerationChange.NoTemplate();
        }
        StoredTemplate template = current.get();
        checkVersion(template, version);
        StoredTemplate.Moderation present = template.moderation().get(channel);
        if (present == null) {
            return new ModerationChange.NotModerated(String.join(", ", template.moderation().keySet()));
        }
        if (!present.state().next().contains(next)) {
            throw new ConflictException("The " + channel + " channel of version " + template.version() + " is "
                    + present.state() + "; from there it can move to " + present.state().next() + ", not " + next);
        }
        jdbc.sql("""
                        UPDATE template_moderation SET state = ?, reason = ?, updated_at = now()
                        WHERE template_id = ? AND version = ? AND channel = ?""")
                .params(next.name(), reason, id, template.version(), channel)
                .update();
        jdbc.sql("UPDATE template SET updated_at = now() WHERE id = ?").param(id).update();
        return new ModerationChange.Done();
    }

    /**
     * Records that a channel of a version was submitted for review, and the messenger's first answer. The template
     * is locked and must still be at {@code version}: a change made meanwhile went back to DRAFT and is not what
     * was submitted.
     *
     * @return false when the template is gone or at another version
     */
    boolean submitted(UUID accountId, UUID id, int version, String channel, UUID connectionId, String externalId,
                      ModerationState state, String reason) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<StoredTemplate> current = lockCurrent(accountId, id);
            if (current.isEmpty() || current.get().version() != version) {
                return false;
            }
            jdbc.sql("""
                            UPDATE template_moderation
                            SET state = ?, reason = ?, connection_id = ?, external_id = ?, submitted_at = now(),
                                updated_at = now()
                            WHERE template_id = ? AND version = ? AND channel = ?""")
                    .params(state.name(), reason, connectionId, externalId, id, version, channel)
                    .update();
            jdbc.sql("UPDATE template SET updated_at = now() WHERE account_id = ? AND id = ?").params(accountId, id).update();
            return true;
        }));
    }

    /**
     * A messenger's decision on the template it knows as {@code externalId}, for every submitted channel of the
     * account's templates that went through that connection under that id.
     *
     * @return how many channels (of any version) it changed
     */
    int reviewed(UUID accountId, UUID connectionId, String externalId, ModerationState state, String reason) {
        return jdbc.sql("""
                        UPDATE template_moderation m SET state = ?, reason = ?, updated_at = now()
                        FROM template t
                        WHERE t.id = m.template_id AND t.account_id = ? AND m.connection_id = ? AND m.external_id = ?
                          AND m.submitted_at IS NOT NULL
                          AND (m.state IS DISTINCT FROM ? OR m.reason IS DISTINCT FROM ?)""")
                .params(state.name(), reason, accountId, connectionId, externalId, state.name(), reason)
                .update();
    }

    /** A submitted channel of a current version still waiting for the messenger's decision. */
    record Waiting(UUID accountId, UUID templateId) {}

    /**
     * Templates whose current version has a channel submitted and still PENDING, the longest waiting first; for the
     * poller that asks messengers whose decisions may not arrive by webhook. A system job: each template is then
     * read and changed with its own account.
     */
    List<Waiting> waiting(int limit) {
        return jdbc.sql("""
                        SELECT t.account_id, t.id
                        FROM template_moderation m
                        JOIN template t ON t.id = m.template_id AND t.version = m.version AND t.deleted_at IS NULL
                        WHERE m.state = 'PENDING' AND m.external_id IS NOT NULL AND m.connection_id IS NOT NULL
                        GROUP BY t.account_id, t.id
                        ORDER BY min(m.updated_at) LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new Waiting(rs.getObject("account_id", UUID.class), rs.getObject("id", UUID.class)))
                .list();
    }

    /** Marks a waiting channel as asked about, so that the poller moves on to others. */
    void asked(UUID accountId, UUID id, int version, String channel) {
        jdbc.sql("""
                        UPDATE template_moderation m SET updated_at = now() FROM template t
                        WHERE t.id = m.template_id AND t.account_id = ? AND m.template_id = ? AND m.version = ?
                          AND m.channel = ?""")
                .params(accountId, id, version, channel)
                .update();
    }

    private Optional<StoredTemplate> lockCurrent(UUID accountId, UUID id) {
        // Serialises changes to one template, so versions are numbered without gaps or clashes.
        boolean live = jdbc.sql("SELECT 1 FROM template WHERE account_id = ? AND id = ? AND deleted_at IS NULL FOR UPDATE")
                .params(accountId, id)
                .query()
                .listOfRows()
                .size() == 1;
        return live ? find(accountId, id) : Optional.empty();
    }

    private static void checkVersion(StoredTemplate current, Integer expected) {
        if (expected != null && expected != current.version()) {
            throw new ConflictException("The template is at version " + current.version() + ", not " + expected
                    + "; read it again and repeat the change");
        }
    }

    private void insertVersion(UUID id, int version, Map<String, ChannelOptions> channels,
                               Map<String, ChannelOptions> previousChannels,
                               Map<String, StoredTemplate.Moderation> previousModeration) {
        jdbc.sql("INSERT INTO template_version (template_id, version, channels) VALUES (?, ?, ?::json)")
                .params(id, version, json.writeValueAsString(channels))
                .update();
        channels.forEach((key, options) -> {
            Channel channel = Channel.parse(key).orElseThrow();
            if (!ModeratedChannels.needsModeration(channel, options)) {
                return;
            }
            StoredTemplate.Moderation earlier = previousModeration.get(key);
            ChannelOptions before = previousChannels.get(key);
            boolean unchanged = earlier != null && sameContent(options, before);
            // The messenger's template stays the same one while its name and language do: a changed version
            // is submitted as an edit of it.
            boolean sameTemplate = earlier != null && before != null
                    && Objects.equals(options.templateName(), before.templateName())
                    && Objects.equals(options.language(), before.language());
            jdbc.sql("""
                            INSERT INTO template_moderation
                                (template_id, version, channel, state, reason, connection_id, external_id, submitted_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, version, key, unchanged ? earlier.state().name() : ModerationState.DRAFT.name(),
                            unchanged ? earlier.reason() : null,
                            sameTemplate ? earlier.connectionId() : null, sameTemplate ? earlier.externalId() : null,
                            unchanged && earlier.submittedAt() != null ? Timestamp.from(earlier.submittedAt()) : null)
                    .update();
        });
    }

    private boolean sameContent(ChannelOptions a, ChannelOptions b) {
        if (b == null) {
            return false;
        }
        Map<String, Object> left = json.convertValue(a, MAP);
        Map<String, Object> right = json.convertValue(b, MAP);
        ROUTING.forEach(field -> {
            left.remove(field);
            right.remove(field);
        });
        return Objects.equals(left, right);
    }

    private Optional<StoredTemplate> one(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(this::row).optional().map(t -> withModeration(List.of(t)).getFirst());
    }

    /** The templates with the moderation of their versions, read in one query. */
    private List<StoredTemplate> withModeration(List<StoredTemplate> templates) {
        if (templates.isEmpty()) {
            return templates;
        }
        record Row(UUID templateId, int version, String channel, StoredTemplate.Moderation moderation) {}
        List<Row> rows = jdbc.sql("""
                        SELECT m.template_id, m.version, m.channel, m.state, m.reason, m.updated_at,
                               m.connection_id, m.external_id, m.submitted_at
                        FROM template_moderation m
                        JOIN unnest(?::uuid[], ?::int[]) AS wanted (template_id, version)
                          ON wanted.template_id = m.template_id AND wanted.version = m.version""")
                .params(templates.stream().map(StoredTemplate::id).toArray(UUID[]::new),
                        templates.stream().map(StoredTemplate::version).toArray(Integer[]::new))
                .query((rs, i) -> new Row(rs.getObject("template_id", UUID.class), rs.getInt("version"),
                        rs.getString("channel"), new StoredTemplate.Moderation(
                        ModerationState.valueOf(rs.getString("state")), rs.getString("reason"),
                        rs.getTimestamp("updated_at").toInstant(), rs.getObject("connection_id", UUID.class),
                        rs.getString("external_id"), instant(rs.getTimestamp("submitted_at")))))
                .list();
        return templates.stream().map(template -> {
            Map<String, StoredTemplate.Moderation> moderation = new LinkedHashMap<>();
            // In the template's channel order.
            template.channels().keySet().forEach(key -> rows.stream()
                    .filter(row -> row.templateId().equals(template.id()) && row.version() == template.version()
                            && row.channel().equals(key))
                    .findFirst()
                    .ifPresent(row -> moderation.put(key, row.moderation())));
            return new StoredTemplate(template.id(), template.name(), template.description(), template.version(),
                    template.currentVersion(), template.channels(), moderation, template.createdAt(),
                    template.updatedAt());
        }).toList();
    }

    private StoredTemplate row(ResultSet rs, int i) throws SQLException {
        return new StoredTemplate(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                rs.getInt("version"),
                rs.getInt("current_version"),
                json.readValue(rs.getString("channels"), CHANNELS),
                Map.of(),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static String like(String contains) {
        if (contains == null) {
            return null;
        }
        return "%" + contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("A template named '" + name + "' already exists; choose another name");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

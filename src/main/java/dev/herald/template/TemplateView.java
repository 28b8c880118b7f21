package dev.herald.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.messaging.ChannelOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A template as the API shows it.
 *
 * @param version        the version shown; {@code currentVersion} is the one new messages are sent with
 * @param channels       in cascade order, as in {@code channels} of {@code POST /api/v1/messages}
 * @param variables      the variable names its texts use, which each destination's {@code variables} must give
 * @param moderation     for each channel that a messenger moderates: its state there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateView(
        UUID id,
        String name,
        String description,
        int version,
        int currentVersion,
        Map<String, ChannelOptions> channels,
        List<String> variables,
        Map<String, ModerationView> moderation,
        Instant createdAt,
        Instant updatedAt) {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /**
     * A channel's moderation state, with the messenger's reason when it gave one.
     *
     * @param externalId  the messenger's id of the submitted template (Meta's template id, the service's name)
     * @param submittedAt when this version's channel was submitted for review
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModerationView(ModerationState state, String reason, Instant updatedAt, String externalId,
                                 Instant submittedAt) {}

    /** The view of a stored version; its variables are those its texts use, in name order. */
    static TemplateView of(StoredTemplate template, JsonMapper json) {
        Set<String> variables = new TreeSet<>();
        template.channels().values().forEach(options -> ContentRenderer.forEachText(json.convertValue(options, MAP),
                (field, text) -> variables.addAll(TemplateSyntax.variables(text))));
        Map<String, ModerationView> moderation = new LinkedHashMap<>();
        template.moderation().forEach((key, m) -> moderation.put(key, new ModerationView(m.state(), m.reason(),
                m.updatedAt(), m.externalId(), m.submittedAt())));
        return new TemplateView(template.id(), template.name(), template.description(), template.version(),
                template.currentVersion(), template.channels(), List.copyOf(variables),
                moderation.isEmpty() ? null : moderation, template.createdAt(), template.updatedAt());
    }
}

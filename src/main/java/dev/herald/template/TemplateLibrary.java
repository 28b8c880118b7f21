package dev.herald.template;

import com.samskivert.mustache.MustacheException;
import dev.herald.auth.AccountId;
import dev.herald.messaging.ChannelOptions;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates for the other capabilities (send tasks, the console), with the rules of {@code /api/v1/templates}:
 * the same validation, versions and previews.
 */
@Service
public class TemplateLibrary {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Templates templates;
    private final TemplateValidator validator;
    private final TemplatePreview preview;
    private final TemplateReviews reviews;
    private final JsonMapper json;

    TemplateLibrary(Templates templates, TemplateValidator validator, TemplatePreview preview, TemplateReviews reviews,
                    JsonMapper json) {
        this.templates = templates;
        this.validator = validator;
        this.preview = preview;
        this.reviews = reviews;
        this.json = json;
    }

    /** Submits a channel of the current version to the messenger's review, as {@code POST .../moderation/submit}. */
    public TemplateView submit(AccountId account, UUID id, String channel) {
        reviews.submit(account, id, channel, null);
        return find(account, id).orElseThrow();
    }

    /** Asks the messenger for its decision on a submitted channel, as {@code POST .../moderation/refresh}. */
    public TemplateView refresh(AccountId account, UUID id, String channel) {
        reviews.refresh(account, id, channel);
        return find(account, id).orElseThrow();
    }

    /** One channel rendered with sample variables, or why it could not be. */
    public record ChannelSample(Map<String, Object> content, String smsEncoding, Integer smsParts, Integer smsLength,
                                String moderation, String error) {}

    public long count(AccountId account, String nameContains) {
        return templates.count(account.value(), nameContains);
    }

    /** Current versions, by name. */
    public List<TemplateView> list(AccountId account, String nameContains, Paging paging) {
        return templates.list(account.value(), nameContains, paging).stream().map(t -> TemplateView.of(t, json)).toList();
    }

    public Optional<TemplateView> find(AccountId account, UUID id) {
        return templates.find(account.value(), id).map(t -> TemplateView.of(t, json));
    }

    /** @throws InvalidRequestException naming each wrong field ({@code name}, {@code channels.sms.text}, ...) */
    public TemplateView create(AccountId account, String name, String description, Map<String, ChannelOptions> channels) {
        UUID id = templates.create(account.value(),
                validator.validate(account, new TemplateRequest(name, description, channels, null)));
        return find(account, id).orElseThrow();
    }

    /** A new version; the messages already sent keep theirs. */
    public TemplateView update(AccountId account, UUID id, String name, String description,
                               Map<String, ChannelOptions> channels) {
        Templates.Content content = validator.validate(account, new TemplateRequest(name, description, channels, null));
        templates.update(account.value(), id, content, null).orElseThrow(() -> new NotFoundException("No template " + id));
        return find(account, id).orElseThrow();
    }

    /** How long a deleted template can be restored; it stays marked after that, as messages sent with it name it. */
    public static final java.time.Duration UNDO_WINDOW = java.time.Duration.ofDays(30);

    public boolean delete(AccountId account, UUID id) {
        return templates.delete(account.value(), id);
    }

    /**
     * Brings back a template deleted within {@link #UNDO_WINDOW}.
     *
     * @return false when there is no such deleted template
     * @throws dev.herald.web.ConflictException when a live template has taken its name since
     */
    public boolean restore(AccountId account, UUID id) {
        return templates.restore(account.value(), id, UNDO_WINDOW);
    }

    /**
     * Renders channels being edited (not yet saved) with sample variables, as each would be sent: an SMS with
     * its links shortened, its encoding and part count; a channel whose text does not parse, or that lacks a
     * variable, says so instead.
     */
    public Map<String, ChannelSample> preview(AccountId account, Map<String, ChannelOptions> channels,
                                              Map<String, Object> variables) {
        Map<String, ChannelSample> samples = new LinkedHashMap<>();
        channels.forEach((key, options) -> {
            Optional<String> syntax = syntaxProblem(options);
            if (syntax.isPresent()) {
                samples.put(key, new ChannelSample(null, null, null, null, null, syntax.get()));
                return;
            }
            StoredTemplate draft = new StoredTemplate(null, "draft", null, 0, 0, Map.of(key, options), Map.of(),
                    null, null);
            try {
                TemplatePreview.ChannelPreview rendered = preview.render(account, draft, variables, null).channels().get(key);
                samples.put(key, new ChannelSample(rendered.content(),
                        rendered.sms() == null ? null : rendered.sms().encoding().name(),
                        rendered.sms() == null ? null : rendered.sms().partCount(),
                        rendered.sms() == null ? null : rendered.sms().length(),
                        rendered.moderation() == null ? null : rendered.moderation().name(),
                        rendered.error() == null ? null : rendered.error().message()));
            } catch (MustacheException e) {
                samples.put(key, new ChannelSample(null, null, null, null, null, "The text cannot be read: " + e.getMessage()));
            }
        });
        return samples;
    }

    /** The variable names the channels' texts use, in name order; a text that does not parse adds none. */
    public Set<String> variables(Map<String, ChannelOptions> channels) {
        Set<String> names = new TreeSet<>();
        channels.values().forEach(options -> {
            if (options != null) {
                ContentRenderer.forEachText(json.convertValue(options, MAP), (field, text) -> {
                    if (TemplateSyntax.problem(text).isEmpty()) {
                        names.addAll(TemplateSyntax.variables(text));
                    }
                });
            }
        });
        return names;
    }

    private Optional<String> syntaxProblem(ChannelOptions options) {
        if (options == null) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        ContentRenderer.forEachText(json.convertValue(options, MAP), (field, text) ->
                TemplateSyntax.problem(text).ifPresent(p -> problems.add(field + ": " + p)));
        return problems.stream().findFirst();
    }
}

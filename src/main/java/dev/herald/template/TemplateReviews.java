package dev.herald.template;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.TemplateReviewed;
import dev.herald.channel.TemplateReviewer;
import dev.herald.messaging.ChannelOptions;
import dev.herald.provider.ProviderRegistry;
import dev.herald.web.ConflictException;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.TryLaterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Sends template channels to the messenger that reviews them (through the connection the channel is sent with)
 * and keeps their moderation state in step with its decisions: WhatsApp reports them by webhook
 * ({@link TemplateReviewed}); the messenger is also asked on request and, for channels still PENDING, now and
 * then by {@link #poll}, since the VK / OK service has no template webhook.
 */
@Service
class TemplateReviews {

    private static final Logger log = LoggerFactory.getLogger(TemplateReviews.class);
    private static final Duration TRY_LATER = Duration.ofSeconds(30);
    private static final int POLL_BATCH = 50;

    private final Templates templates;
    private final ProviderRegistry providers;
    private final Map<String, TemplateReviewer> reviewers;

    TemplateReviews(Templates templates, ProviderRegistry providers, List<TemplateReviewer> reviewers) {
        this.templates = templates;
        this.providers = providers;
        this.reviewers = reviewers.stream().collect(Collectors.toUnmodifiableMap(TemplateReviewer::type, Function.identity()));
    }

    /**
     * Submits a channel of the current version for review and records the messenger's answer: PENDING (or
     * what it decided at once), or REJECTED with its words when it refused the template as submitted.
     *
     * @param version optionally the version meant; 409 unless it is the current one
     */
    void submit(AccountId account, UUID id, String channelKey, Integer version) {
        StoredTemplate template = current(account, id, version);
        StoredTemplate.Moderation present = moderation(template, channelKey);
        if (!present.state().submittable()) {
            throw new ConflictException("The " + channelKey + " channel of version " + template.version() + " is "
                    + present.state() + "; only a DRAFT, REJECTED or PAUSED channel is submitted for review");
        }
        Channel channel = Channel.parse(channelKey).orElseThrow();
        ChannelOptions options = template.channels().get(channelKey);
        Map<String, Object> definition = definition(channel, options).orElseThrow(() -> new InvalidRequestException(
                "channel", "the " + channelKey + " channel names a template approved elsewhere and defines none to "
                        + "submit (" + (channel == Channel.WHATSAPP ? "body, header, buttons" : "email, text, group URLs")
                        + "); record its state with POST /api/v1/templates/{id}/moderation instead"));
        Route route = route(account, channel, channelKey, options);
        // The messenger's template is edited when this channel was submitted through the same connection before.
        String externalId = route.connection().id().equals(present.connectionId()) ? present.externalId() : null;
        TemplateReviewer.Submission submission = new TemplateReviewer.Submission(options.templateName(),
                language(channel, options, route.connection()), definition, externalId);
        TemplateReviewer.Review review;
        try {
            review = route.reviewer().submit(route.connection(), channel, submission);
        } catch (TemplateReviewer.ReviewException e) {
            if (!e.refused()) {
                throw new TryLaterException("The template could not be submitted now: " + e.getMessage(), TRY_LATER);
            }
            review = new TemplateReviewer.Review(externalId, TemplateReviewer.Status.REJECTED,
                    "Refused on submission: " + e.getMessage());
        }
        if (!templates.submitted(account.value(), id, template.version(), channelKey, route.connection().id(),
                review.externalId(), ModerationState.of(review.status()), review.reason())) {
            throw new ConflictException("The template changed while it was being submitted; read it again");
        }
        log.info("Template {} version {} ({}) of account {} submitted through {}: {}", id, template.version(),
                channelKey, account.value(), route.connection().key(), review.status());
    }

    /** Asks the messenger now for its decision on a submitted channel of the current version, and records it. */
    void refresh(AccountId account, UUID id, String channelKey) {
        StoredTemplate template = current(account, id, null);
        StoredTemplate.Moderation present = moderation(template, channelKey);
        if (present.submittedAt() == null || present.connectionId() == null || present.externalId() == null) {
            throw new InvalidRequestException("channel", "the " + channelKey + " channel of version "
                    + template.version() + " has not been submitted for review; submit it first");
        }
        try {
            ask(account, template, channelKey, present);
        } catch (TemplateReviewer.ReviewException e) {
            if (!e.refused()) {
                throw new TryLaterException("The messenger could not be asked now: " + e.getMessage(), TRY_LATER);
            }
            throw new InvalidRequestException("channel", "the messenger does not know the template: " + e.getMessage());
        }
    }

    /** A decision the messenger reported by webhook; only the connection's own account's channels are changed. */
    @EventListener
    void reviewed(TemplateReviewed event) {
        int changed = templates.reviewed(event.accountId(), event.connectionId(), event.externalId(),
                ModerationState.of(event.status()), event.reason());
        log.info("Template {} ({} {}) of connection {} is {}: {} channels changed", event.externalId(), event.name(),
                event.language(), event.connectionId(), event.status(), changed);
    }

    /** Asks about channels still PENDING, a few at a time, in case a webhook was missed or there is none. */
    @Scheduled(fixedDelayString = "${herald.templates.review-poll-interval:PT5M}",
            initialDelayString = "${herald.templates.review-poll-interval:PT5M}")
    void poll() {
        for (Templates.Waiting waiting : templates.waiting(POLL_BATCH)) {
            AccountId account = new AccountId(waiting.accountId());
            templates.find(waiting.accountId(), waiting.templateId()).ifPresent(template ->
                    template.moderation().forEach((key, moderation) -> {
                        if (moderation.state() != ModerationState.PENDING || moderation.externalId() == null
                                || moderation.connectionId() == null) {
                            return;
                        }
                        try {
                            ask(account, template, key, moderation);
                        } catch (TemplateReviewer.ReviewException | RuntimeException e) {
                            log.warn("Could not ask about template {} ({}) of account {}: {}", template.id(), key,
                                    waiting.accountId(), e.getMessage());
                            templates.asked(waiting.accountId(), template.id(), template.version(), key);
                        }
                    }));
        }
    }

    private void ask(AccountId account, StoredTemplate template, String channelKey, StoredTemplate.Moderation present)
            throws TemplateReviewer.ReviewException {
        Channel channel = Channel.parse(channelKey).orElseThrow();
        ChannelOptions options = template.channels().get(channelKey);
        ProviderConnection connection = providers.connectionOf(connectionKey(present.connectionId()))
                .filter(c -> c.accountId().equals(account.value()))
                .orElseThrow(() -> new TemplateReviewer.ReviewException("the connection it was submitted through "
                        + "no longer exists", true));
        TemplateReviewer reviewer = reviewers.get(connection.type());
        if (reviewer == null) {
            throw new TemplateReviewer.ReviewException("connection " + connection.name() + " reviews no templates", true);
        }
        TemplateReviewer.Review review = reviewer.status(connection, channel, new TemplateReviewer.Submission(
                options.templateName(), language(channel, options, connection),
                definition(channel, options).orElse(Map.of()), present.externalId()));
        int changed = templates.reviewed(account.value(), connection.id(), present.externalId(),
                ModerationState.of(review.status()), review.reason());
        if (changed == 0) {
            templates.asked(account.value(), template.id(), template.version(), channelKey);
        }
    }

    private record Route(ProviderConnection connection, TemplateReviewer reviewer) {}

    private Route route(AccountId account, Channel channel, String channelKey, ChannelOptions options) {
        String name = providers.route(account.value(), channel, options.provider()).orElse(null);
        Optional<ProviderConnection> connection = name == null ? Optional.empty() : providers.connectionOf(name)
                .filter(c -> c.accountId().equals(account.value()));
        TemplateReviewer reviewer = connection.map(c -> reviewers.get(c.type())).orElse(null);
        if (reviewer == null) {
            throw new InvalidRequestException("channels." + channelKey + ".provider", channelKey + " is sent through "
                    + (name == null ? "no provider" : "'" + name + "'") + ", which reviews no templates; connect "
                    + (channel == Channel.WHATSAPP ? "a whatsapp-cloud" : "a vk-notify") + " provider (the "
                    + "account's default for " + channelKey + ", or named in provider) to submit it");
        }
        return new Route(connection.get(), reviewer);
    }

    private static Optional<Map<String, Object>> definition(Channel channel, ChannelOptions options) {
        return switch (channel) {
            case WHATSAPP -> WhatsAppStructure.defines(options)
                    ? Optional.of(WhatsAppStructure.definition(options)) : Optional.empty();
            case VKONTAKTE, ODNOKLASSNIKI -> NotificationStructure.defines(options)
                    ? Optional.of(NotificationStructure.definition(options)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The template's language; for WhatsApp without one, the connection's default language. */
    private static String language(Channel channel, ChannelOptions options, ProviderConnection connection) {
        if (options.language() != null && !options.language().isBlank()) {
            return options.language().strip();
        }
        if (channel != Channel.WHATSAPP) {
            return null;
        }
        String fallback = connection.setting("defaultLanguage");
        return fallback == null || fallback.isBlank() ? "en_US" : fallback.strip();
    }

    private StoredTemplate current(AccountId account, UUID id, Integer version) {
        StoredTemplate template = templates.find(account.value(), id)
                .orElseThrow(() -> new NotFoundException("No template " + id));
        if (version != null && version != template.version()) {
            throw new ConflictException("The template is at version " + template.version() + ", not " + version
                    + "; read it again");
        }
        return template;
    }

    private static StoredTemplate.Moderation moderation(StoredTemplate template, String channelKey) {
        StoredTemplate.Moderation present = template.moderation().get(channelKey);
        if (present == null) {
            throw new InvalidRequestException("channel", "the template's " + channelKey + " channel needs no "
                    + "moderation" + (template.moderation().isEmpty() ? ""
                    : "; moderated channels: " + String.join(", ", template.moderation().keySet())));
        }
        return present;
    }

    private static String connectionKey(UUID connectionId) {
        return new dev.herald.channel.ConnectionKey(connectionId).toString();
    }
}

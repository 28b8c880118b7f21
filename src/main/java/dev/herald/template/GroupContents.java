package dev.herald.template;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.delivery.MessageError;
import dev.herald.delivery.NewFlow;
import dev.herald.delivery.PlannedChannel;
import dev.herald.link.LinkShortener;
import dev.herald.link.NewShortLink;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.provider.ProviderRegistry;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an accepted message group into what each of its destinations receives. A group with
 * {@code templateId} takes its channels and texts from the template's current version; each destination's
 * {@code variables} fill them in, and a destination that lacks one fails alone, naming it. Channels a
 * messenger must approve are sent only once approved. Long http(s) URLs of an SMS text (unless the group's or
 * the channel's {@code useShortLinks} is false), and of another channel's text when that channel's
 * {@code useShortLinks} is true, become tracked short links, one per destination and URL, made here at intake
 * so that every retry and cascade step sends the same links.
 */
@Component
public class GroupContents {

    /** A template text uses a variable the destination's {@code variables} do not give. */
    public static final String MISSING_VARIABLE = "MISSING_VARIABLE";
    /** Every channel that could reach the destination needs a moderation its template has not passed. */
    public static final String TEMPLATE_NOT_APPROVED = "TEMPLATE_NOT_APPROVED";
    /** A text is longer than its channel allows once its variables are filled in. */
    public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** What a request may still say about a template's channel: how and from whom it is delivered. */
    private static final List<String> OVERRIDABLE =
            List.of("from", "provider", "required", "validityPeriod", "useShortLinks");

    private final Templates templates;
    private final ProviderRegistry providers;
    private final LinkShortener links;
    private final JsonMapper json;

    GroupContents(Templates templates, ProviderRegistry providers, LinkShortener links, JsonMapper json) {
        this.templates = templates;
        this.providers = providers;
        this.links = links;
        this.json = json;
    }

    /**
     * Resolves the group's template, if it has one. Call after the group passed validation, before the
     * intake's transaction: reading the template holds no connection while the request is written.
     *
     * @param path the group's JSON path, for problems
     * @throws InvalidRequestException when the template does not exist or does not fit the request
     */
    public Prepared prepare(AccountId account, MessageGroupRequest group, String path) {
        if (group.templateId() == null) {
            return new Prepared(group, null, Map.of(), shortLinkChannels(group.channels(), group.useShortLinks()));
        }
        StoredTemplate template = templates.find(account.value(), UUID.fromString(group.templateId()))
                .orElseThrow(() -> new InvalidRequestException(path + ".templateId", "no template with this id"));
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, ChannelOptions> requested = group.channels() == null ? Map.of() : group.channels();
        requested.keySet().stream()
                .filter(key -> !template.channels().containsKey(key))
                .forEach(key -> problems.add(new FieldProblem(path + ".channels." + key, "template '" + template.name()
                        + "' has no " + key + " channel; it has " + String.join(", ", template.channels().keySet()))));
        Map<String, ChannelOptions> channels = new LinkedHashMap<>();
        template.channels().forEach((key, options) -> {
            ChannelOptions merged = overridden(options, requested.get(key));
            Channel channel = Channel.parse(key).orElseThrow();
            if (providers.route(account.value(), channel, merged.provider()).isEmpty()) {
                problems.add(new FieldProblem(path + ".templateId", "template '" + template.name() + "' sends " + key
                        + " through provider '" + merged.provider() + "', which does not exist (any more); known: "
                        + providers.known(account.value(), channel)));
            }
            channels.put(key, merged);
        });
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<Channel, ModerationState> unapproved = new EnumMap<>(Channel.class);
        template.moderation().forEach((key, moderation) -> {
            if (moderation.state() != ModerationState.APPROVED) {
                unapproved.put(Channel.parse(key).orElseThrow(), moderation.state());
            }
        });
        return new Prepared(group.withChannels(channels), template, unapproved,
                shortLinkChannels(channels, group.useShortLinks()));
    }

    /**
     * The channels whose texts get short links. Shortening is for SMS, where it cuts the cost (TWIN's rule):
     * on unless the group's {@code useShortLinks} is false; any other channel only when its own
     * {@code useShortLinks} is true. A channel's own {@code useShortLinks} wins over the group's.
     */
    static Set<Channel> shortLinkChannels(Map<String, ChannelOptions> channels, Boolean groupUseShortLinks) {
        Set<Channel> shortened = EnumSet.noneOf(Channel.class);
        if (channels == null) {
            return shortened;
        }
        channels.forEach((key, options) -> Channel.parse(key).ifPresent(channel -> {
            Boolean own = options == null ? null : options.useShortLinks();
            boolean byDefault = channel == Channel.SMS && !Boolean.FALSE.equals(groupUseShortLinks);
            if (own == null ? byDefault : own) {
                shortened.add(channel);
            }
        }));
        return shortened;
    }

    /** The template's channel with what the request may change about it; the rest of the request's is ignored. */
    private ChannelOptions overridden(ChannelOptions template, ChannelOptions request) {
        if (request == null) {
            return template;
        }
        Map<String, Object> merged = json.convertValue(template, MAP);
        Map<String, Object> overrides = json.convertValue(request, MAP);
        OVERRIDABLE.stream().filter(overrides::containsKey).forEach(field -> merged.put(field, overrides.get(field)));
        return json.convertValue(merged, ChannelOptions.class);
    }

    /** A group's flows with their own contents, and the short links they send (not yet stored). */
    public record Personalized(List<NewFlow> flows, List<NewShortLink> links) {}

    /** A group ready to be stored: its channels, and how each destination's contents are made. */
    public final class Prepared {

        private final MessageGroupRequest group;
        private final StoredTemplate template;
        private final Map<Channel, ModerationState> unapproved;
        private final Set<Channel> shortened;

        private Prepared(MessageGroupRequest group, StoredTemplate template, Map<Channel, ModerationState> unapproved,
                         Set<Channel> shortened) {
            this.group = group;
            this.template = template;
            this.unapproved = unapproved;
            this.shortened = shortened;
        }

        /** The group as it is sent: with a template, the template's channels and the request's delivery options. */
        public MessageGroupRequest group() {
            return group;
        }

        public UUID templateId() {
            return template == null ? null : template.id();
        }

        public Integer templateVersion() {
            return template == null ? null : template.version();
        }

        /**
         * Each flow with its destination's own contents (rendered, links shortened) or its failure; flows that
         * send the group's contents unchanged are returned as they are. Stores nothing: the short links made
         * are stored with their flows ({@link LinkShortener#store}).
         *
         * @param destinations the group's destinations, in the order of {@code flows}
         */
        public Personalized personalize(List<NewFlow> flows, List<DestinationRequest> destinations) {
            if (flows.isEmpty() || template == null && !hasLinks(flows.getFirst().contents())) {
                return new Personalized(flows, List.of());
            }
            ContentRenderer renderer = new ContentRenderer();
            List<NewShortLink> made = new ArrayList<>();
            List<NewFlow> personal = new ArrayList<>(flows.size());
            for (int i = 0; i < flows.size(); i++) {
                personal.add(personalize(flows.get(i), destinations.get(i), renderer, made));
            }
            return new Personalized(personal, made);
        }

        private NewFlow personalize(NewFlow flow, DestinationRequest destination, ContentRenderer renderer,
                                    List<NewShortLink> made) {
            List<PlannedChannel> plan = flow.plan();
            if (!unapproved.isEmpty()) {
                boolean reachable = plan.stream().anyMatch(PlannedChannel::reachable);
                // An unapproved channel is skipped as if the destination had no address there.
                plan = plan.stream()
                        .map(step -> unapproved.containsKey(step.channel()) ? step.skipped() : step)
                        .toList();
                if (reachable && plan.stream().noneMatch(PlannedChannel::reachable)) {
                    return flow.failed(notApproved(flow.plan()));
                }
            }
            Map<Channel, Map<String, Object>> contents = new EnumMap<>(flow.contents());
            if (template != null) {
                Map<String, Object> variables = destination.variables() == null ? Map.of() : destination.variables();
                for (PlannedChannel step : plan) {
                    if (!step.reachable()) {
                        continue;
                    }
                    Map<String, Object> rendered;
                    try {
                        rendered = renderer.render(contents.get(step.channel()), variables);
                    } catch (ContentRenderer.MissingVariableException e) {
                        return flow.failed(new MessageError(MISSING_VARIABLE, "The template's " + step.channel().key()
                                + " channel uses the variable '" + e.variable() + "', which this destination's "
                                + "variables do not give"));
                    }
                    rendered = reviewed(step.channel(), rendered, variables);
                    Object text = rendered.get("text");
                    if (text instanceof String t && t.length() > step.channel().maxTextLength()) {
                        return flow.failed(new MessageError(TEXT_TOO_LONG, "With this destination's variables the "
                                + step.channel().key() + " text is " + t.length() + " characters; "
                                + step.channel().key() + " allows at most " + step.channel().maxTextLength()));
                    }
                    contents.put(step.channel(), rendered);
                }
            }
            shortenLinks(flow, plan, contents, made);
            // A template without variables, links or moderation sends the group's contents: nothing to keep per flow.
            return plan.equals(flow.plan()) && contents.equals(flow.contents()) ? flow : flow.withOwnContents(plan, contents);
        }

        /**
         * A reviewed template's channel as the messenger takes it: its structure (header, body, buttons; the
         * notification bodies and groups) stays with the messenger, and the message carries the parameters filled
         * from the destination's variables ({@code templateData}), in the template's order.
         */
        private Map<String, Object> reviewed(Channel channel, Map<String, Object> rendered, Map<String, Object> variables) {
            ChannelOptions options = group.channels().get(channel.key());
            if (options == null) {
                return rendered;
            }
            Map<String, Object> content = new LinkedHashMap<>(rendered);
            switch (channel) {
                case WHATSAPP -> {
                    if (!WhatsAppStructure.defines(options)) {
                        return rendered;
                    }
                    List<Object> components = WhatsAppStructure.components(options, variables, rendered);
                    List.of("category", "header", "body", "footer", "buttons", "examples").forEach(content::remove);
                    if (!components.isEmpty()) {
                        content.put("templateData", Map.of("components", components));
                    }
                }
                case VKONTAKTE, ODNOKLASSNIKI -> {
                    if (!NotificationStructure.defines(options)) {
                        return rendered;
                    }
                    List.of("email", "vkontakteText", "vkontakteGroupUrl", "odnoklassnikiText", "odnoklassnikiGroupUrl")
                            .forEach(content::remove);
                    content.put("templateData", NotificationStructure.templateData(channel, options, variables));
                }
                default -> {
                    return rendered;
                }
            }
            return content;
        }

        private void shortenLinks(NewFlow flow, List<PlannedChannel> plan, Map<Channel, Map<String, Object>> contents,
                                  List<NewShortLink> made) {
            for (Channel channel : shortened) {
                boolean reachable = plan.stream().anyMatch(step -> step.channel() == channel && step.reachable());
                Map<String, Object> content = contents.get(channel);
                if (!reachable || content == null || !(content.get("text") instanceof String text)) {
                    continue;
                }
                LinkShortener.Shortened shortened = links.shorten(text);
                if (shortened.links().isEmpty()) {
                    continue;
                }
                Map<String, Object> withLinks = new LinkedHashMap<>(content);
                withLinks.put("text", shortened.text());
                contents.put(channel, withLinks);
                shortened.links().forEach(link ->
                        made.add(new NewShortLink(link.code(), flow.accountId(), flow.id(), channel, link.url())));
            }
        }

        private MessageError notApproved(List<PlannedChannel> plan) {
            List<String> waiting = plan.stream()
                    .filter(step -> step.reachable() && unapproved.containsKey(step.channel()))
                    .map(step -> step.channel().key() + " (" + unapproved.get(step.channel()) + ")")
                    .toList();
            return new MessageError(TEMPLATE_NOT_APPROVED, "Template '" + template.name() + "' is not approved by the "
                    + "messenger for " + String.join(", ", waiting) + ", and no other channel reaches this destination");
        }

        private boolean hasLinks(Map<Channel, Map<String, Object>> contents) {
            return shortened.stream().map(contents::get)
                    .anyMatch(content -> content != null && content.get("text") instanceof String text && links.hasLinks(text));
        }
    }
}

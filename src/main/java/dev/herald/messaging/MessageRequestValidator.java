package dev.herald.messaging;

import dev.herald.HeraldProperties;
import dev.herald.auth.AccountId;
import dev.herald.callback.CallbackUrlGuard;
import dev.herald.channel.Channel;
import dev.herald.delivery.SendingWindow;
import dev.herald.policy.SubscriptionCategories;
import dev.herald.provider.ProviderRegistry;
import dev.herald.routing.CascadePlanner;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a send request before anything is stored and names every problem by its JSON path. A destination
 * that merely has no address for its channels is not an error here: it fails on its own in the response.
 */
@Component
public class MessageRequestValidator {

    static final int MIN_VALIDITY = 1;
    static final int MAX_VALIDITY = 2880;
    private static final int MAX_SHORT_FIELD = 255;
    private static final int MAX_CALLBACK_DATA = 4096;
    private static final int MAX_URL = 2048;
    /** Room for a Web Push subscription's JSON (endpoint URL and keys), which is a webpush destination's id. */
    private static final int MAX_MESSENGER_USER_ID = 4096;
    private static final int MAX_VARIABLES = 200;
    private static final int MAX_SECTION_ITEMS = 100;
    private static final int MAX_ATTACHMENTS = 10;
    private static final int MAX_SUBJECT = 998;
    private static final int MAX_HTML = 1_000_000;
    /** A template language as WhatsApp names them: {@code en}, {@code en_US}, {@code pt_BR}. */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z]{2,4})?");
    private static final Pattern ATTACHMENT = Pattern.compile("(photo|video|audio|doc|wall|market|poll)-?\\d+_\\d+");
    private static final Set<String> PRIORITIES = Set.of("transactional", "bulk");
    private static final Set<String> MESSENGER_TYPES =
            Set.of("WHATSAPP", "TELEGRAM", "VIBER", "VK", "ODNOKLASSNIKI", "FACEBOOK", "INSTAGRAM", "WEB");
    /** The Messenger Platform's message tags (docs/providers.md#facebook-messenger). */
    private static final List<String> MESSAGE_TAGS =
            List.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE", "HUMAN_AGENT");

    private final ProviderRegistry providers;
    private final CallbackUrlGuard callbackUrls;
    private final int maxDestinations;
    private final SubscriptionCategories categories;

    MessageRequestValidator(ProviderRegistry providers, CallbackUrlGuard callbackUrls, HeraldProperties properties,
                            SubscriptionCategories categories) {
        this.categories = categories;
        this.providers = providers;
        this.callbackUrls = callbackUrls;
        this.maxDestinations = properties.api().maxDestinations();
    }

    void validate(AccountId account, SendMessagesRequest request) {
        validate(account, request, new RequestRoutes(providers, account));
    }

    /** @param routes where the request's providers are looked up, kept for storing it */
    void validate(AccountId account, SendMessagesRequest request, RequestRoutes routes) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with \"messages\" is required");
        }
        long destinations = request.messages() == null ? 0 : request.messages().stream()
                .filter(g -> g != null && g.destinations() != null)
                .mapToLong(g -> g.destinations().size())
                .sum();
        if (destinations > maxDestinations) {
            throw new PayloadTooLargeException("A request may carry at most " + maxDestinations
                    + " destinations; this one has " + destinations + ". Split it into several requests.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.bulkId() != null && !isUuid(request.bulkId())) {
            problems.add(new FieldProblem("bulkId", "must be a UUID"));
        }
        checkLength(problems, "taskId", request.taskId(), MAX_SHORT_FIELD);
        if (request.messages() == null || request.messages().isEmpty()) {
            problems.add(new FieldProblem("messages", "must contain at least one message group"));
        } else {
            for (int i = 0; i < request.messages().size(); i++) {
                validateGroup(problems, account, routes, "messages[" + i + "]", request.messages().get(i));
            }
            // After the per-group checks, so that each distinct host is resolved once for the whole request.
            callbackUrls.refusals(request.messages().stream()
                            .map(g -> g == null || g.callbackUrl() == null || !isHttpUrl(g.callbackUrl()) ? null : g.callbackUrl())
                            .toList())
                    .forEach((i, reason) -> problems.add(new FieldProblem("messages[" + i + "].callbackUrl", reason)));
            checkCategories(problems, account, request.messages());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** A group's category must be one of the account's (one look-up for the whole request). */
    private void checkCategories(List<FieldProblem> problems, AccountId account, List<MessageGroupRequest> groups) {
        Set<String> named = new java.util.HashSet<>();
        for (MessageGroupRequest g : groups) {
            if (g != null && g.category() != null && SubscriptionCategories.isKey(g.category())) {
                named.add(g.category());
            }
        }
        Set<String> known = named.isEmpty() ? Set.of() : categories.existing(account.value(), named);
        for (int i = 0; i < groups.size(); i++) {
            MessageGroupRequest g = groups.get(i);
            if (g == null || g.category() == null) {
                continue;
            }
            if (!SubscriptionCategories.isKey(g.category())) {
                problems.add(new FieldProblem("messages[" + i + "].category", SubscriptionCategories.KEY_RULE));
            } else if (!known.contains(g.category())) {
                problems.add(new FieldProblem("messages[" + i + "].category", "no subscription category '"
                        + g.category() + "'; create it with POST /api/v1/subscriptions or leave category out"));
            }
        }
    }

    private void validateGroup(List<FieldProblem> problems, AccountId account, RequestRoutes routes, String path,
                               MessageGroupRequest group) {
        if (group == null) {
            problems.add(new FieldProblem(path, "must be a message group object"));
            return;
        }
        // With a template, the template brings the channels and their content (checked when it was saved; that
        // it exists is checked at intake); the request's channels may only change how they are delivered.
        boolean templated = group.templateId() != null;
        if (templated && !isUuid(group.templateId())) {
            problems.add(new FieldProblem(path + ".templateId", "must be the UUID of one of your templates"));
        }
        if (group.channels() == null || group.channels().isEmpty()) {
            if (!templated) {
                problems.add(new FieldProblem(path + ".channels", "at least one channel is required; known: " + Channel.keys()));
            }
        } else {
            group.channels().forEach((key, options) -> {
                validateChannel(problems, account, routes, path + ".channels." + key, key, options, !templated);
                if (options != null && options.hasReviewedStructure()) {
                    // A reviewed structure is made once, in a template; a message refers to it by templateName.
                    problems.add(new FieldProblem(path + ".channels." + key, "header, body, buttons, email, group "
                            + "URLs and the like define a template to be reviewed: create it with POST "
                            + "/api/v1/templates, then send it with templateId (or its approved templateName)"));
                }
            });
        }
        ChannelOptions intoSession = group.channels() == null ? null : group.channels().get(Channel.CHAT.key());
        boolean sessionMessage = intoSession != null && intoSession.chatSessionId() != null;
        if (sessionMessage && templated) {
            problems.add(new FieldProblem(path + ".channels.chat.chatSessionId", "cannot be combined with templateId; "
                    + "give the text to send into the session"));
        }
        if (group.destinations() == null || group.destinations().isEmpty()) {
            problems.add(new FieldProblem(path + ".destinations", sessionMessage
                    ? "one destination is required; the session names the client, so it may be empty: [{}]"
                    : "at least one destination is required"));
        } else if (sessionMessage && group.destinations().size() > 1) {
            problems.add(new FieldProblem(path + ".destinations", "channels.chat.chatSessionId sends into one "
                    + "client's session: give one destination (it may be empty: [{}]), not " + group.destinations().size()));
        } else {
            for (int i = 0; i < group.destinations().size(); i++) {
                validateDestination(problems, path + ".destinations[" + i + "]", group.destinations().get(i));
            }
        }
        if (group.callbackUrl() != null && !isHttpUrl(group.callbackUrl())) {
            problems.add(new FieldProblem(path + ".callbackUrl", "must be an absolute http(s) URL of at most " + MAX_URL + " characters"));
        }
        checkLength(problems, path + ".callbackData", group.callbackData(), MAX_CALLBACK_DATA);
        checkLength(problems, path + ".idempotencyKey", group.idempotencyKey(), MAX_SHORT_FIELD);
        if (group.priority() != null && !PRIORITIES.contains(group.priority().toLowerCase(Locale.ROOT))) {
            problems.add(new FieldProblem(path + ".priority", "must be transactional or bulk"));
        }
        if (group.cascade() != null && CascadePlanner.Mode.parse(group.cascade()).isEmpty()) {
            problems.add(new FieldProblem(path + ".cascade", "must be cheapest or fastest (or absent: the order given)"));
        }
        ZoneId zone = ZoneId.of("UTC");
        if (group.timeZone() != null) {
            try {
                zone = ZoneId.of(group.timeZone());
            } catch (DateTimeException e) {
                problems.add(new FieldProblem(path + ".timeZone", "unknown time zone; use an IANA name such as Europe/Moscow"));
            }
        }
        if (group.sendAt() != null && !SendAt.isValid(group.sendAt())) {
            problems.add(new FieldProblem(path + ".sendAt", SendAt.FORMATS));
        }
        if (group.allowedTimeRanges() != null) {
            try {
                SendingWindow.parse(group.allowedTimeRanges(), zone);
            } catch (SendingWindow.InvalidRangeException e) {
                problems.add(new FieldProblem(path + ".allowedTimeRanges[" + e.index() + "]", e.getMessage()));
            }
        }
    }

    /** The problems of one channel's options that must carry their content (as a template's do), named under {@code path}. */
    public List<FieldProblem> channelProblems(AccountId account, String path, String key, ChannelOptions options) {
        List<FieldProblem> problems = new ArrayList<>();
        validateChannel(problems, account, new RequestRoutes(providers, account), path, key, options, true);
        return problems;
    }

    private void validateChannel(List<FieldProblem> problems, AccountId account, RequestRoutes routes, String path,
                                 String key, ChannelOptions options, boolean requireContent) {
        Channel channel = Channel.parse(key).filter(c -> c.key().equals(key)).orElse(null);
        if (channel == null) {
            problems.add(new FieldProblem(path, "unknown channel; known: " + Channel.keys()));
            return;
        }
        if (options == null) {
            problems.add(new FieldProblem(path, "must be an object of channel options"));
            return;
        }
        if (routes.route(channel, options.provider()).isEmpty()) {
            problems.add(new FieldProblem(path + ".provider", "no provider '" + options.provider() + "' for "
                    + key + "; known: " + providers.known(account.value(), channel)));
        }
        if (options.validityPeriod() != null
                && (options.validityPeriod() < MIN_VALIDITY || options.validityPeriod() > MAX_VALIDITY)) {
            problems.add(new FieldProblem(path + ".validityPeriod", "must be between " + MIN_VALIDITY + " and "
                    + MAX_VALIDITY + " minutes"));
        }
        checkLength(problems, path + ".from", options.from(), MAX_SHORT_FIELD);
        if (options.text() != null && options.text().length() > channel.maxTextLength()) {
            problems.add(new FieldProblem(path + ".text", "is " + options.text().length() + " characters; "
                    + key + " allows at most " + channel.maxTextLength()));
        }
        if (requireContent && !hasContent(channel, options)) {
            problems.add(new FieldProblem(path + ".text", contentHint(channel)));
        }
        checkLength(problems, path + ".subject", options.subject(), MAX_SUBJECT);
        checkLength(problems, path + ".html", options.html(), MAX_HTML);
        checkLength(problems, path + ".title", options.title(), MAX_SHORT_FIELD);
        checkLength(problems, path + ".deepLink", options.deepLink(), MAX_URL);
        checkLength(problems, path + ".templateName", options.templateName(), MAX_SHORT_FIELD);
        if (options.language() != null && !LANGUAGE.matcher(options.language()).matches()) {
            problems.add(new FieldProblem(path + ".language", "must be a language code such as en_US or ru"));
        }
        checkLength(problems, path + ".chatSessionName", options.chatSessionName(), MAX_SHORT_FIELD);
        if (options.attachments() != null) {
            if (options.attachments().size() > MAX_ATTACHMENTS) {
                problems.add(new FieldProblem(path + ".attachments", "at most " + MAX_ATTACHMENTS + " attachments"));
            }
            for (int i = 0; i < options.attachments().size(); i++) {
                String attachment = options.attachments().get(i);
                if (attachment == null || !ATTACHMENT.matcher(attachment).matches()) {
                    problems.add(new FieldProblem(path + ".attachments[" + i + "]",
                            "must look like <type><owner_id>_<media_id> with type photo|video|audio|doc|wall|market|poll"));
                }
            }
        }
        if (channel == Channel.CHAT && options.chatSessionId() != null) {
            sessionOptions(problems, path, options);
        } else if (channel == Channel.CHAT) {
            if (requireContent ? options.chatId() == null || !isUuid(options.chatId())
                    : options.chatId() != null && !isUuid(options.chatId())) {
                problems.add(new FieldProblem(path + ".chatId", "is required and must be a UUID"));
            }
            if (options.botId() != null && !isUuid(options.botId())) {
                problems.add(new FieldProblem(path + ".botId", "must be a UUID"));
            }
        }
        if (options.messengerType() != null
                && !MESSENGER_TYPES.contains(options.messengerType().strip().toUpperCase(Locale.ROOT))) {
            problems.add(new FieldProblem(path + ".messengerType", "unknown messenger type '" + options.messengerType()
                    + "'; one of " + MESSENGER_TYPES.stream().sorted().toList() + " in any case"));
        }
        if (options.messageTag() != null
                && !MESSAGE_TAGS.contains(options.messageTag().strip().toUpperCase(Locale.ROOT))) {
            problems.add(new FieldProblem(path + ".messageTag", "must be one of " + MESSAGE_TAGS));
        }
    }

    /**
     * A chat message into an existing session: the session has its chat, bot, name and messenger already, so
     * only what to say (and how to deliver it) may be given.
     */
    private static void sessionOptions(List<FieldProblem> problems, String path, ChannelOptions options) {
        if (!isUuid(options.chatSessionId())) {
            problems.add(new FieldProblem(path + ".chatSessionId", "must be the UUID of one of your chat sessions"));
        }
        if (options.chatId() != null && !isUuid(options.chatId())) {
            problems.add(new FieldProblem(path + ".chatId", "must be a UUID"));
        }
        Map<String, Object> settled = new LinkedHashMap<>();
        settled.put("botId", options.botId());
        settled.put("messengerType", options.messengerType());
        settled.put("chatSessionName", options.chatSessionName());
        settled.put("continueLastOrStartNewSession", options.continueLastOrStartNewSession());
        settled.forEach((field, value) -> {
            if (value != null) {
                problems.add(new FieldProblem(path + "." + field, "does not apply with chatSessionId: the session "
                        + "keeps its own; leave it out"));
            }
        });
    }

    private static boolean hasContent(Channel channel, ChannelOptions o) {
        return switch (channel) {
            case EMAIL -> present(o.text()) || present(o.html());
            case PUSH, WEBPUSH -> present(o.text()) || present(o.title());
            case WHATSAPP, VKONTAKTE, ODNOKLASSNIKI -> present(o.text()) || present(o.templateName());
            // A new session may open with the bot's own first step; a message into a session must say something.
            case CHAT -> o.chatSessionId() == null || present(o.text()) || present(o.templateName());
            default -> present(o.text());
        };
    }

    private static String contentHint(Channel channel) {
        return switch (channel) {
            case EMAIL -> "text or html is required";
            case PUSH, WEBPUSH -> "text or title is required";
            case WHATSAPP, VKONTAKTE, ODNOKLASSNIKI -> "text or templateName is required";
            case CHAT -> "is required to send into a chat session (or templateName, for a WhatsApp template)";
            default -> "is required";
        };
    }

    private static void validateDestination(List<FieldProblem> problems, String path, DestinationRequest d) {
        if (d == null) {
            problems.add(new FieldProblem(path, "must be a destination object"));
            return;
        }
        if (d.phone() != null && Addresses.normalizePhone(d.phone()) == null) {
            problems.add(new FieldProblem(path + ".phone", "must be a phone number in international format, e.g. 74992868344"));
        }
        if (d.email() != null && Addresses.normalizeEmail(d.email()) == null) {
            problems.add(new FieldProblem(path + ".email", "must be an e-mail address"));
        }
        checkLength(problems, path + ".messengerUserId", d.messengerUserId(), MAX_MESSENGER_USER_ID);
        checkLength(problems, path + ".externalCustomerId", d.externalCustomerId(), MAX_SHORT_FIELD);
        Map<String, Object> variables = d.variables();
        if (variables != null) {
            if (variables.size() > MAX_VARIABLES) {
                problems.add(new FieldProblem(path + ".variables", "at most " + MAX_VARIABLES + " variables"));
            }
            variables.forEach((name, value) -> {
                if (name.isBlank() || name.length() > 100) {
                    problems.add(new FieldProblem(path + ".variables", "variable names must be 1 to 100 characters"));
                }
                if (value instanceof Map || (value instanceof List<?> list && !isSectionList(list))) {
                    problems.add(new FieldProblem(path + ".variables." + name, "must be a string, number or boolean, "
                            + "or a list of at most " + MAX_SECTION_ITEMS + " of them or of flat objects (for {{#name}}...{{/name}})"));
                }
            });
        }
    }

    /** A list a template section repeats over (a workflow digest's events): scalars or flat objects of scalars. */
    private static boolean isSectionList(List<?> list) {
        return list.size() <= MAX_SECTION_ITEMS && list.stream().allMatch(item -> item instanceof Map<?, ?> map
                ? map.size() <= MAX_VARIABLES && map.values().stream().noneMatch(v -> v instanceof Map || v instanceof List)
                : !(item instanceof List));
    }

    private static void checkLength(List<FieldProblem> problems, String path, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new FieldProblem(path, "must be at most " + max + " characters"));
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String value) {
        if (value.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

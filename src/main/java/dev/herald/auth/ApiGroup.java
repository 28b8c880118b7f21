package dev.herald.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The groups the API's endpoints are sorted into, the unit an OAuth scope grants (see {@link ApiScope} and
 * {@code docs/oauth.md}). This is the one place that says which endpoint belongs to which group: the rules
 * below are tried in order, and an endpoint no rule names belongs to {@link #FULL}, so a new endpoint is
 * closed to partner apps until it is sorted here. Account API tokens may call every group.
 */
public enum ApiGroup {

    /**
     * Needs only a valid token: {@code GET /api/v2/version} and eSputnik's general methods ({@code account/info},
     * {@code balance}, {@code addressbooks}, {@code interfaces/*}).
     */
    GENERAL("general"),
    /**
     * Sending, listing and cancelling messages, send tasks, their statistics, short links and the sandbox outbox;
     * eSputnik's {@code message/**} (instant sends, smartsend, status) and broadcasts.
     */
    MESSAGES("messages"),
    /**
     * Creating, changing and deleting contacts ({@code /api/v1/contacts**}, {@code /api/v1/contact**} and
     * {@code /api/v1/contactfields**} except GET, and {@code GET /api/v1/importstatus/*}) and apps' tokens
     * ({@code /api/v1/apps/{app}/tokens**} except GET).
     */
    CONTACTS_UPDATE("contacts-update"),
    /**
     * Reading contacts, custom fields, apps' tokens and groups ({@code GET /api/v1/contacts**},
     * {@code GET /api/v1/contact/**}, {@code GET /api/v1/contactfields**}, {@code GET /api/v1/apps/{app}/tokens**},
     * {@code GET groups}, {@code GET group/**}).
     */
    CONTACTS_READ("contacts-read"),
    /**
     * eSputnik's events: {@code POST /api/v1/event}, {@code /api/v1/past_events}, the batch form
     * {@code /api/v1/events**} and event types ({@code /api/v1/event-types**}).
     */
    EVENTS("events"),
    /**
     * Everything else, including tokens, partner apps, connected apps, callback secrets, people
     * ({@code /api/v1/people}) and the audit log ({@code /api/v1/audit}): an account's own administration.
     */
    FULL("full");

    private record Rule(RequestMatcher matcher, ApiGroup group) {}

    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.GET, "/api/v2/version", GENERAL),
            rule(null, "/api/v1/messages/**", MESSAGES),
            rule(null, "/api/v1/statistics/**", MESSAGES),
            rule(null, "/api/v1/sandbox/**", MESSAGES),
            rule(null, "/api/v1/tasks/**", MESSAGES),
            rule(HttpMethod.GET, "/api/v1/shortLinks", MESSAGES),
            // the callbacks of a message; the signing secret below it stays FULL
            rule(HttpMethod.GET, "/api/v1/callbacks", MESSAGES),
            rule(HttpMethod.GET, "/api/v1/contacts/**", CONTACTS_READ),
            rule(null, "/api/v1/contacts/**", CONTACTS_UPDATE),
            // eSputnik's single-contact paths; importstatus belongs to the update group, as eSputnik sorts it
            rule(HttpMethod.GET, "/api/v1/contact/**", CONTACTS_READ),
            rule(null, "/api/v1/contact/**", CONTACTS_UPDATE),
            rule(null, "/api/v1/importstatus/**", CONTACTS_UPDATE),
            rule(HttpMethod.GET, "/api/v1/contactfields/**", CONTACTS_READ),
            rule(null, "/api/v1/contactfields/**", CONTACTS_UPDATE),
            // tokens are contact data; connecting and changing the apps themselves stays FULL
            rule(HttpMethod.GET, "/api/v1/apps/*/tokens/**", CONTACTS_READ),
            rule(null, "/api/v1/apps/*/tokens/**", CONTACTS_UPDATE),
            rule(null, "/api/v1/events/**", EVENTS),
            // eSputnik's events methods (docs/events.md); the account's event settings stay FULL
            rule(HttpMethod.POST, "/api/v1/event", EVENTS),
            rule(null, "/api/v1/past_events", EVENTS),
            rule(null, "/api/v1/event-types/**", EVENTS),
            // eSputnik's general methods: the account's subscription categories; managing them stays FULL
            rule(HttpMethod.GET, "/api/v1/subscriptions", GENERAL),
            rule(HttpMethod.GET, "/api/v1/subscriptions/categories", GENERAL),
            rule(HttpMethod.GET, "/api/v1/contact/*/subscriptions/**", CONTACTS_READ),
            rule(HttpMethod.PUT, "/api/v1/contact/*/subscriptions", CONTACTS_UPDATE),
            rule(HttpMethod.POST, "/api/v1/contact/subscribe", CONTACTS_UPDATE),
            rule(HttpMethod.POST, "/api/v1/emails/unsubscribed/**", CONTACTS_UPDATE),
            // eSputnik's general methods, sending methods and groups (docs/broadcasts.md, docs/contacts.md)
            rule(HttpMethod.GET, "/api/v1/account/info", GENERAL),
            rule(HttpMethod.GET, "/api/v1/balance", GENERAL),
            rule(HttpMethod.GET, "/api/v1/addressbooks", GENERAL),
            rule(HttpMethod.GET, "/api/v1/interfaces/*", GENERAL),
            rule(null, "/api/v1/message/**", MESSAGES),
            rule(null, "/api/v1/broadcast/**", MESSAGES),
            rule(HttpMethod.GET, "/api/v1/broadcasts", MESSAGES),
            rule(HttpMethod.GET, "/api/v1/groups", CONTACTS_READ),
            rule(HttpMethod.GET, "/api/v1/group/**", CONTACTS_READ),
            rule(null, "/api/v1/groups", CONTACTS_UPDATE),
            rule(null, "/api/v1/group/**", CONTACTS_UPDATE),
            // automation workflows change what is sent to whom: full access only
            rule(null, "/api/v1/workflows/**", FULL));

    private final String key;

    ApiGroup(String key) {
        this.key = key;
    }

    /** The group's name in docs and error messages. */
    public String key() {
        return key;
    }

    /** The authority a principal holds when it may call this group. */
    public String authority() {
        return "GROUP_" + key;
    }

    /** The group of the endpoint a request calls. */
    public static ApiGroup of(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).map(Rule::group).findFirst().orElse(FULL);
    }

    /** The OAuth scopes that grant this group. */
    public Set<ApiScope> grantedBy() {
        return Arrays.stream(ApiScope.values()).filter(scope -> scope.groups().contains(this))
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(ApiScope.class)));
    }

    private static Rule rule(HttpMethod method, String pattern, ApiGroup group) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new Rule(method == null ? paths.matcher(pattern) : paths.matcher(method, pattern), group);
    }
}

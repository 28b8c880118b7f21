package dev.herald.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth 2.0 scopes a partner app may ask for, one per access right of the reference service, and the
 * {@link ApiGroup}s each one opens. Every scope includes {@link ApiGroup#GENERAL}. The same scopes limit account
 * API tokens; {@link #rightsToGrant()} says which {@link Right}s a person needs to give a token one.
 */
public enum ApiScope {

    /** Full API access. */
    FULL("full", "Full access to the API", EnumSet.allOf(ApiGroup.class)),
    /** Events only. */
    EVENTS("events", "Send events", EnumSet.of(ApiGroup.GENERAL, ApiGroup.EVENTS)),
    /** Events and contacts (read and update). */
    EVENTS_CONTACTS("events-contacts", "Send events, read and update contacts",
            EnumSet.of(ApiGroup.GENERAL, ApiGroup.EVENTS, ApiGroup.CONTACTS_READ, ApiGroup.CONTACTS_UPDATE)),
    /** Adding and changing contacts without reading them (what a CRM or a subscription form needs). */
    CONTACTS_UPDATE("contacts-update", "Add, update and delete contacts (without reading them)",
            EnumSet.of(ApiGroup.GENERAL, ApiGroup.CONTACTS_UPDATE)),
    /** Reading contacts only. */
    CONTACTS_READ("contacts-read", "Read contacts and their groups",
            EnumSet.of(ApiGroup.GENERAL, ApiGroup.CONTACTS_READ)),
    /** Messages: send, list, cancel, statistics. */
    MESSAGES("messages", "Send messages and read their statuses and statistics",
            EnumSet.of(ApiGroup.GENERAL, ApiGroup.MESSAGES));

    private final String value;
    private final String description;
    private final Set<ApiGroup> groups;

    ApiScope(String value, String description, Set<ApiGroup> groups) {
        this.value = value;
        this.description = description;
        this.groups = groups;
    }

    /** The scope as written in OAuth requests and responses. */
    public String value() {
        return value;
    }

    /** What the scope allows, as shown on the consent page. */
    public String description() {
        return description;
    }

    public Set<ApiGroup> groups() {
        return groups;
    }

    /**
     * What a person's role must hold to give an API token this scope ({@link Role#mayGrant}). A full token reaches
     * the account's own administration (people and roles, providers, tokens, partner apps, settings, templates,
     * webhooks) and acts with the owner's rights there, so it takes every right: only an owner gives it. The other
     * scopes are an integration's work (sending, events, contacts), which the API-tokens right is for.
     */
    public Set<Right> rightsToGrant() {
        return this == FULL ? EnumSet.allOf(Right.class) : EnumSet.of(Right.TOKENS);
    }

    public static Optional<ApiScope> of(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
    }
}

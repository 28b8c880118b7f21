package dev.herald.auth;

/**
 * What a person of an account may change; every role may read the account (see {@link Role}). The console's
 * chain and the people API check these as Spring Security authorities ({@link #authority()}).
 */
public enum Right {
    /** Provider connections and apps (push, messengers). */
    PROVIDERS,
    /** API tokens. */
    TOKENS,
    /** Partner apps and connected apps (OAuth). */
    PARTNER_APPS,
    /** People and their roles. */
    PEOPLE,
    /** Account settings (time zone, default senders). */
    SETTINGS,
    /** Templates. */
    TEMPLATES,
    /** Callback secrets, chats, bots and chat widgets. */
    WEBHOOKS,
    /** Send tasks, broadcasts and messages. */
    SENDING,
    /** Answering chat sessions. */
    SESSIONS,
    /** Reading the audit log. */
    AUDIT,
    /** Deleting the account, billing. */
    OWNERSHIP;

    public String authority() {
        return "RIGHT_" + name();
    }
}

package dev.herald.provider;

import dev.herald.channel.ProviderConnection;

/**
 * A connection is about to be deleted, however that was asked for (the providers API, an app's disconnect).
 * Published synchronously before the row goes, so listeners can still read what hangs off it and undo what
 * they set up at the provider (e.g. a Telegram bot's webhook). Listeners must not fail the deletion.
 */
public record ProviderConnectionDeleting(ProviderConnection connection) {}

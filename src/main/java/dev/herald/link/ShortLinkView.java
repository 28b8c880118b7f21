package dev.herald.link;

import java.time.Instant;
import java.util.UUID;

/**
 * A tracked short link as the API shows it.
 *
 * @param shortUrl the link as it appears in the text
 * @param url      where it leads
 * @param clicks   how many times people opened it (link previews by messenger and social bots not counted)
 */
public record ShortLinkView(
        String code,
        String shortUrl,
        String url,
        UUID messageId,
        UUID flowId,
        String channel,
        int clicks,
        Instant firstClickedAt,
        Instant lastClickedAt,
        Instant createdAt) {}

package dev.herald.link;

import java.util.List;
import java.util.Locale;

/**
 * User agents of link previews: messengers and social networks fetch a link to show its card, often on the
 * recipient's phone (iMessage presents itself as facebookexternalhit and Twitterbot). Such fetches are not
 * people opening the link, so they neither count as clicks nor make a message CLICKED.
 */
final class LinkPreviewAgents {

    private static final List<String> MARKERS = List.of(
            "facebookexternalhit", "facebot", "twitterbot", "whatsapp/", "telegrambot", "slackbot", "discordbot",
            "skypeuripreview", "linkedinbot", "vkshare", "googlebot", "bingbot", "yandexbot", "applebot", "embedly",
            "redditbot");

    private LinkPreviewAgents() {}

    static boolean isPreview(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        return MARKERS.stream().anyMatch(agent::contains);
    }
}

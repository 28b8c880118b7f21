package dev.herald.link;

import dev.herald.web.PublicBaseUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Replaces the http(s) URLs of a text with short links on Herald's public base URL
 * ({@code herald.public-base-url}/l/{code}). Only a URL longer than its short link is replaced: shortening is
 * there to make texts cheaper, and {@code https://ya.ru} would only grow. A URL that appears twice in one text
 * gets one link.
 */
@Component
public class LinkShortener {

    /** A URL runs to the next space or character that cannot be in one; trailing punctuation is the sentence's. */
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'`{}|\\\\^\\[\\]]+");
    private static final String TRAILING = ".,;:!?";

    private final ShortLinks store;
    private final PublicBaseUrl publicBaseUrl;

    LinkShortener(ShortLinks store, PublicBaseUrl publicBaseUrl) {
        this.store = store;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A text with its URLs replaced, and the links that replaced them. */
    public record Shortened(String text, List<Link> links) {

        public record Link(String code, String url) {}
    }

    /** Whether the text has a URL that a short link would replace. */
    public boolean hasLinks(String text) {
        // The short link's length only once there is a URL: most texts have none (every small send asks).
        int shortLength = -1;
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            if (shortLength < 0) {
                shortLength = shortLinkLength();
            }
            if (trimTrailing(matcher.group()).length() > shortLength) {
                return true;
            }
        }
        return false;
    }

    /** The text with new, not yet stored, short links; see {@link #store}. */
    public Shortened shorten(String text) {
        Map<String, String> codes = new LinkedHashMap<>();
        String prefix = publicBaseUrl.resolve("/l/");
        String shortened = replace(text, prefix.length() + ShortLinkCodes.LENGTH,
                url -> prefix + codes.computeIfAbsent(url, u -> ShortLinkCodes.next()));
        List<Shortened.Link> links = new ArrayList<>(codes.size());
        codes.forEach((url, code) -> links.add(new Shortened.Link(code, url)));
        return new Shortened(shortened, links);
    }

    /** The text as it will be sent, with a stand-in code of the real length (for previews and part counts). */
    public String preview(String text) {
        String link = publicBaseUrl.resolve("/l/") + "x".repeat(ShortLinkCodes.LENGTH);
        return replace(text, link.length(), url -> link);
    }

    /** Stores links made by {@link #shorten}; call in the transaction that stores their flows. */
    public void store(List<NewShortLink> links) {
        store.insert(links);
    }

    private int shortLinkLength() {
        return publicBaseUrl.resolve("/l/").length() + ShortLinkCodes.LENGTH;
    }

    /** Replaces each URL longer than {@code shortLength} characters. */
    private static String replace(String text, int shortLength, Function<String, String> link) {
        Matcher matcher = URL.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (matcher.find()) {
            String url = trimTrailing(matcher.group());
            if (url.indexOf("://") + 3 == url.length() || url.length() <= shortLength) {
                continue;
            }
            out.append(text, last, matcher.start()).append(link.apply(url));
            last = matcher.start() + url.length();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** Drops sentence punctuation after a URL, and a closing bracket that has no opening one in the URL. */
    private static String trimTrailing(String url) {
        int end = url.length();
        while (end > 0) {
            char c = url.charAt(end - 1);
            boolean unbalancedClose = c == ')' && count(url, '(', end) < count(url, ')', end);
            if (TRAILING.indexOf(c) < 0 && !unbalancedClose) {
                break;
            }
            end--;
        }
        return url.substring(0, end);
    }

    private static int count(String text, char c, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}

package dev.herald.link;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * A URL as it may stand in a {@code Location} header, which carries ASCII only: an international host name
 * in punycode, other non-ASCII characters percent-encoded as UTF-8. ASCII URLs are left exactly as written.
 */
final class RedirectTarget {

    private RedirectTarget() {}

    static String ascii(String url) {
        if (url.chars().allMatch(c -> c < 0x80)) {
            return url;
        }
        int hostStart = url.indexOf("://") + 3;
        int hostEnd = hostStart;
        while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        String authority = url.substring(hostStart, hostEnd);
        int at = authority.lastIndexOf('@');
        int colon = authority.indexOf(':', at + 1);
        String host = authority.substring(at + 1, colon < 0 ? authority.length() : colon);
        String asciiHost;
        try {
            asciiHost = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            asciiHost = percentEncode(host);
        }
        return url.substring(0, hostStart) + percentEncode(authority.substring(0, at + 1)) + asciiHost
                + (colon < 0 ? "" : authority.substring(colon)) + percentEncode(url.substring(hostEnd));
    }

    private static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x80) {
                out.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
        });
        return out.toString();
    }
}

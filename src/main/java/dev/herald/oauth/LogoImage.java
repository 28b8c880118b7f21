package dev.herald.oauth;

import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import java.util.Arrays;

/**
 * A partner app's logo, accepted only as JPG, GIF or PNG as told by its first bytes (the declared type or
 * file name proves nothing), and no larger than {@code herald.oauth.max-logo-size}.
 */
record LogoImage(byte[] bytes, String contentType) {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87 = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89 = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    static LogoImage of(byte[] bytes, long maxBytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRequestException("logo", "is required: the image as the request body");
        }
        if (bytes.length > maxBytes) {
            throw new PayloadTooLargeException("The logo has " + bytes.length + " bytes; at most " + maxBytes
                    + " are allowed (herald.oauth.max-logo-size).");
        }
        if (startsWith(bytes, PNG)) {
            return new LogoImage(bytes, "image/png");
        }
        if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) {
            return new LogoImage(bytes, "image/gif");
        }
        if (startsWith(bytes, JPEG)) {
            return new LogoImage(bytes, "image/jpeg");
        }
        throw new InvalidRequestException("logo", "must be a JPG, GIF or PNG image");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}

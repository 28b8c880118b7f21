package dev.herald.channel;

import dev.herald.support.ConstantTime;
import dev.herald.support.HmacSha256;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import dev.herald.web.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Meta webhook (a WhatsApp number, a Facebook Page) does before its notifications mean anything: answer
 * the subscription handshake with the connection's verify token, and take only a bounded body signed with the
 * connection's app secret ({@code X-Hub-Signature-256}).
 */
public final class MetaWebhook {

    public static final String SIGNATURE = "X-Hub-Signature-256";

    /** Meta batches up to 1000 updates per POST; their bodies stay well below this. */
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final int MAX_CHALLENGE = 1000;

    private MetaWebhook() {
    }

    /** The answer to Meta's {@code GET} handshake: the challenge when mode and token are right, else 403. */
    public static ResponseEntity<String> verify(String expectedToken, String mode, String verifyToken, String challenge) {
        if (!"subscribe".equals(mode) || verifyToken == null || expectedToken == null
                || !ConstantTime.equals(verifyToken, expectedToken)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                    .body("hub.verify_token does not match the connection's verifyToken");
        }
        if (challenge == null || challenge.length() > MAX_CHALLENGE) {
            throw new InvalidRequestException("hub.challenge", "is required, at most " + MAX_CHALLENGE + " characters");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    /** The {@code POST}ed notification, once its size and signature are checked (413, 401, or 400 when not JSON). */
    public static JsonNode read(HttpServletRequest request, String signature, String appSecret, JsonMapper json)
            throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new PayloadTooLargeException("A webhook body may have at most " + MAX_BODY + " bytes");
        }
        if (signature == null || !signature.startsWith("sha256=")
                || !HmacSha256.matchesHex(appSecret, body, signature.substring(7))) {
            throw new UnauthorizedException(SIGNATURE + " must be sha256=<HMAC-SHA256 of the body keyed with the app secret>");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "is not JSON");
        }
    }
}

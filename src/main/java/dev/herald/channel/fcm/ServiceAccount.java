package dev.herald.channel.fcm;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Google service-account key file (the JSON the Firebase console downloads under Project
 * settings → Service accounts) that FCM needs.
 *
 * @param privateKeyId the key's id, sent as the JWT's {@code kid}; null when the file has none
 * @param tokenUri     where the signed JWT is exchanged for an access token
 */
record ServiceAccount(String projectId, String clientEmail, String privateKeyId, RSAPrivateKey privateKey,
                      String tokenUri) {

    /** The token endpoints Google writes into key files, now and formerly. */
    private static final Set<String> GOOGLE_TOKEN_URIS =
            Set.of("https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/token");

    /** The service-account JSON is not usable; the message says what is wrong, never the key itself. */
    static final class InvalidServiceAccountException extends RuntimeException {
        InvalidServiceAccountException(String message) {
            super(message);
        }
    }

    /**
     * Reads a service-account key file.
     *
     * @param projectId a project id that overrides the file's {@code project_id}; blank for the file's
     * @param tokenUri  a token URI that overrides the file's {@code token_uri}; blank for the file's
     */
    static ServiceAccount parse(String json, String projectId, String tokenUri, JsonMapper mapper) {
        if (json == null || json.isBlank()) {
            throw new InvalidServiceAccountException("is required");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidServiceAccountException("is not JSON; paste the whole service-account key file");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidServiceAccountException("must be the JSON object of a service-account key file");
        }
        String type = text(root, "type");
        if (type != null && !type.equals("service_account")) {
            throw new InvalidServiceAccountException("has type '" + type + "'; a service-account key is needed");
        }
        String clientEmail = required(root, "client_email");
        String project = firstPresent(projectId, text(root, "project_id"), "project_id (or set projectId)");
        String fileTokenUri = text(root, "token_uri");
        if ((tokenUri == null || tokenUri.isBlank()) && fileTokenUri != null && !GOOGLE_TOKEN_URIS.contains(fileTokenUri)) {
            // The connection's settings pass the SSRF check when stored; a URL inside the key file does not.
            throw new InvalidServiceAccountException("has token_uri " + fileTokenUri + ", which is not Google's token "
                    + "endpoint; set tokenUri to use another");
        }
        String uri = firstPresent(tokenUri, fileTokenUri, "token_uri (or set tokenUri)");
        return new ServiceAccount(project, clientEmail, text(root, "private_key_id"),
                privateKey(required(root, "private_key")), uri);
    }

    private static RSAPrivateKey privateKey(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        if (pem.contains("BEGIN RSA PRIVATE KEY") || base64.contains("-")) {
            throw new InvalidServiceAccountException("private_key must be a PKCS#8 PEM key "
                    + "(-----BEGIN PRIVATE KEY-----), as in the file Google gives");
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new InvalidServiceAccountException("private_key is not a readable RSA private key");
        }
    }

    private static String required(JsonNode root, String field) {
        String value = text(root, field);
        if (value == null) {
            throw new InvalidServiceAccountException("has no " + field);
        }
        return value;
    }

    private static String firstPresent(String override, String fromFile, String what) {
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        if (fromFile == null) {
            throw new InvalidServiceAccountException("has no " + what);
        }
        return fromFile;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isString() && !node.asString().isBlank() ? node.asString().strip() : null;
    }

    @Override
    public String toString() {
        // Keeps the private key out of logs and exception messages.
        return "ServiceAccount[" + clientEmail + ", project " + projectId + "]";
    }
}

package dev.herald.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Herald's own OpenAPI document and, for every operation in it, sends generated hostile requests: wrong
 * types for each field, huge and odd strings (NUL, unpaired surrogates, RTL marks, very long numbers), invalid
 * UTF-8, odd and wildcard content types, broken multipart, extreme numbers and dates, missing and duplicated
 * fields and parameters, with and without a valid token. None may be answered 5xx, and normal requests work
 * afterwards. The generator is seeded, so a failure repeats with the same requests.
 */
class GeneratedHostileInputTest extends HeraldTest {

    private static final long SEED = 20261202L;
    private static final int MIN_REQUESTS = 2000;
    /** Writes every non-ASCII character as a \\u escape, so that unpaired surrogates reach Herald as sent. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strings no field expects: control, unpaired surrogates, direction marks, numbers too long for any type. */
    private static final List<String> ODD_STRINGS = List.of("", " ", "a\u0000b", "\u0000", "\ud800", "x\udfffy",
            "\u202eevil\u202c", "\u200f\u200e", "\ufeff", "\uffff", "😀".repeat(50), "9".repeat(400),
            "-" + "9".repeat(40), "1e400", "NaN", "null", "true", "%00", "../../etc/passwd", "' OR 1=1 --",
            "<script>alert(1)</script>", "{{#each}}{{/if}}", "\r\nX-Injected: 1", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "0000-00-00T00:00:00Z", "2026-02-30T25:61:61+99:99",
            "00000000-0000-0000-0000-000000000000", "http://[::1]:99999/x", "mailto:", "javascript:alert(1)");
    /** Numbers at and past the edges of int, long and double. */
    private static final List<String> EXTREME_NUMBERS = List.of("0", "-1", "-0", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "-1e308", "1e400",
            "4.9e-325", "0.5", "1" + "0".repeat(500), "123456789012345678901234567890.5");
    /** Query and path values, already percent-encoded where needed. */
    private static final List<String> ODD_PARAMETERS = List.of("", "nope", "%00", "%ED%A0%80", "%FF%FE", "%C3%28",
            "-1", "0", "2147483648", "99999999999999999999", "1e400", "abc", "%20", "true", "null",
            "%2B999999999-12-31T23%3A59%3A59Z", "-999999999-01-01T00%3A00%3A00Z", "2026-13-45", "%E2%80%AE",
            "00000000-0000-0000-0000-000000000000", "a".repeat(3000), "%25", "%", "%zz", "[]", "{}", "%2F..%2F..",
            "%5C", "a%0d%0aX:1", "%C0%AE%C0%AE", "\u00e9", "%F4%90%80%80");
    private static final List<String> CONTENT_TYPES = List.of("*/*", "application/*", "*", "text/plain",
            "application/xml", "garbage", "application/json; charset=nope", "application/json; charset=UTF-16",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=zz", "image/png", "application/octet-stream", "application/json;;;",
            "application/problem+json", "text/html; charset=utf-8");
    private static final List<byte[]> RAW_BODIES = List.of(
            bytes(0xC3, 0x28), bytes(0xFF, 0xFE, 0xFD), bytes('{', '"', 'a', '"', ':', '"', 0xED, 0xA0, 0x80, '"', '}'),
            bytes('{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 0xC0, 0x80, '"', '}'), bytes(0x00, 0x00, 0x00),
            "{".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
            "null".getBytes(StandardCharsets.UTF_8), "\"x\"".getBytes(StandardCharsets.UTF_8),
            "[".repeat(5000).getBytes(StandardCharsets.UTF_8),
            "{\"a\":1,\"a\":2,\"a\":{}}".getBytes(StandardCharsets.UTF_8), new byte[0],
            "\ufeff{}".getBytes(StandardCharsets.UTF_8), "{\"x\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8),
            "{\"x\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8), "{\"x\":1e99999999}".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(SEED);

    /** One generated request. */
    private record Call(String method, String path, String contentType, byte[] body, boolean authenticated) {

        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "]")
                    + (authenticated ? "" : " (no token)") + " "
                    + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
        }
    }

    @Test
    void noGeneratedRequestIsAnswered5xxAndNormalRequestsStillWork() throws Exception {
        String token = tokens.issue(accounts.create("fuzz-" + UUID.randomUUID(), ZoneId.of("UTC")), "fuzz").token();
        ApiClient api = new ApiClient("http://localhost:" + port, token);
        JsonNode document = anonymous().get("/v3/api-docs").json();
        Map<String, String> knownIds = fixtures(api);

        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                generate(document, operation.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        operation.getValue(), knownIds, calls);
            }
        }
        calls.addAll(errorPageCalls());
        Collections.shuffle(calls, random);
        assertThat(calls).hasSizeGreaterThanOrEqualTo(MIN_REQUESTS);

        long started = System.nanoTime();
        List<String> failures = send(calls, token);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(failures).as(calls.size() + " requests in " + seconds + " s; 5xx answers").isEmpty();
        assertThat(seconds).as("the run stays fast").isLessThan(120);

        // Normal requests still work: a send is accepted and delivered, and listings answer.
        ApiClient.Response send = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"after the storm\"}}",
                "[{\"phone\":\"79000000777\"}]"));
        assertThat(send.status()).as(send.text()).isEqualTo(201);
        awaitStatus(api, send.json().get(0).get("id").asString(), "DELIVERED");
        ApiClient.Response list = api.get("/api/v1/messages?destination=79000000777");
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.json().get("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/templates").status()).isEqualTo(200);
    }

    /** Real resources, so that path parameters also name things that exist (and bodies reach their storage). */
    private Map<String, String> fixtures(ApiClient api) {
        Map<String, String> ids = new LinkedHashMap<>();
        String provider = api.post("/api/v1/providers", "{\"name\":\"gw\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/x\"}}").json().get("id").asString();
        ids.put("/api/v1/providers/{id}", provider);
        ids.put("/api/v1/apps/{appUuid}", provider);
        ids.put("/api/v1/contacts/{contactId}",
                api.post("/api/v1/contacts", "{\"phone\":\"+79990001122\"}").json().get("contactId").asString());
        ids.put("/api/v1/templates/{id}", api.post("/api/v1/templates",
                "{\"name\":\"fuzz\",\"channels\":{\"sms\":{\"text\":\"Hi {{name}}\"}}}").json().get("id").asString());
        String bot = ChatFixtures.createBot(api, "survey", ChatFixtures.SURVEY);
        ids.put("/api/v1/bots/{id}", bot);
        String chat = ChatFixtures.createChat(api, "support", bot);
        ids.put("/api/v1/chats/{id}", chat);
        ids.put("/api/v1/sandbox/chats/{chatId}", chat);
        ids.put("/api/v1/chat/sessions/{id}", ChatFixtures.write(api, chat, "client-1", "hi").get("sessionId").asString());
        ids.put("/api/v1/messages/{id}", api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"x\"}}",
                "[{\"phone\":\"79000000555\"}]")).json().get(0).get("id").asString());
        ApiClient.Response task = api.post("/api/v1/tasks", "{\"name\":\"fuzz\",\"channels\":{\"sms\":{\"text\":"
                + "\"Hi {{name}}\"}}}");
        if (task.status() == 201) {
            ids.put("/api/v1/tasks/{id}", task.json().get("id").asString());
        }
        ApiClient.Response app = api.post("/api/v1/partner-apps", "{\"name\":\"fuzz\",\"scopes\":[\"messages\"]}");
        if (app.status() == 201) {
            ids.put("/api/v1/partner-apps/{id}", app.json().get("id").asString());
        }
        ids.put("/webhooks/http/{gateway}", "gw");
        return ids;
    }

    private void generate(JsonNode document, String method, String template, JsonNode operation,
                          Map<String, String> knownIds, List<Call> calls) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        boolean open = template.startsWith("/webhooks/") || template.startsWith("/l/")
                || template.equals("/api/v2/version");
        String sane = path(template, parameters, knownIds, null, null);

        // Path and query parameters: each one odd in turn, the others sane.
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asString();
            String in = parameter.get("in").asString();
            if (!in.equals("path") && !in.equals("query")) {
                continue;
            }
            for (String value : pick(ODD_PARAMETERS, 7)) {
                calls.add(new Call(method, path(template, parameters, knownIds, name, value), null, null, true));
            }
            if (in.equals("query")) {
                calls.add(new Call(method, sane + (sane.contains("?") ? "&" : "?") + name + "=1&" + name + "=x",
                        null, null, true));
            }
        }
        calls.add(new Call(method, sane, null, null, false));
        calls.add(new Call(method, sane + "?unknown=%00&" + "p".repeat(200) + "=" + "v".repeat(2000), null, null, true));

        JsonNode content = operation.path("requestBody").path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!method.equals("GET")) {
                calls.add(new Call(method, sane, "application/json", "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8), true));
            }
            return;
        }
        if (content.has("application/json")) {
            JsonNode schema = content.get("application/json").path("schema");
            JsonNode sample = sample(document, schema, "", 0);
            for (String contentType : CONTENT_TYPES) {
                calls.add(new Call(method, sane, contentType, bytes(sample), true));
            }
            for (byte[] raw : RAW_BODIES) {
                calls.add(new Call(method, sane, "application/json", raw, true));
            }
            calls.add(new Call(method, sane, "application/json", bytes(sample), false));
            calls.add(new Call(method, sane, "application/json", duplicatedFields(sample), true));
            // Past the body limit, and just under it.
            calls.add(new Call(method, sane, "application/json", hugeString(sample, 1_100_000), true));
            calls.add(new Call(method, sane, "application/json", hugeString(sample, 900_000), true));
            List<String> leaves = new ArrayList<>();
            leaves(sample, "", leaves);
            for (String leaf : leaves) {
                for (int i = 0; i < mutationsPerLeaf(leaves.size()); i++) {
                    calls.add(new Call(method, sane, "application/json", bytes(mutate(sample, leaf)), true));
                }
                calls.add(new Call(method, sane, "application/json", bytes(without(sample, leaf)), true));
            }
        }
        if (content.has("multipart/form-data")) {
            List<String> parts = new ArrayList<>();
            content.get("multipart/form-data").path("schema").path("properties").propertyNames().forEach(parts::add);
            calls.addAll(multipart(method, sane, parts));
        }
        for (String binary : List.of("image/png", "application/octet-stream")) {
            if (content.has(binary)) {
                calls.add(new Call(method, sane, binary, new byte[0], true));
                calls.add(new Call(method, sane, binary, bytes(0x89, 'P', 'N', 'G', 0, 0), true));
                calls.add(new Call(method, sane, binary, new byte[1_200_000], true));
            }
        }
        if (open) {
            calls.add(new Call(method, sane, "application/json", "{}".getBytes(StandardCharsets.UTF_8), false));
        }
    }

    private int mutationsPerLeaf(int leaves) {
        return leaves > 40 ? 2 : leaves > 15 ? 4 : 8;
    }

    /** A path with its parameters filled in: known ids where there are, {@code oddName} set to {@code oddValue}. */
    private String path(String template, List<JsonNode> parameters, Map<String, String> knownIds, String oddName,
                        String oddValue) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asString();
            String in = parameter.get("in").asString();
            if (in.equals("path")) {
                String value = name.equals(oddName) ? oddValue : knownId(template, name, knownIds, parameter);
                path = path.replace("{" + name + "}", value.isEmpty() ? "x" : value);
            } else if (in.equals("query") && name.equals(oddName)) {
                query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(oddValue);
            }
        }
        return path + query;
    }

    private String knownId(String template, String name, Map<String, String> knownIds, JsonNode parameter) {
        for (Map.Entry<String, String> known : knownIds.entrySet()) {
            if (template.startsWith(known.getKey())) {
                return known.getValue();
            }
        }
        String type = parameter.path("schema").path("type").asString("");
        return type.equals("integer") ? "424242" : new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A plausible body for {@code schema}: the starting point every mutation changes one field of. */
    private JsonNode sample(JsonNode document, JsonNode schema, String name, int depth) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            schema = document.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
        }
        String type = schema.path("type").asString("object");
        if (depth > 5) {
            return NODES.nullNode();
        }
        switch (type) {
            case "string" -> {
                String format = schema.path("format").asString("");
                if (schema.has("enum")) {
                    return schema.get("enum").get(0);
                }
                return NODES.stringNode(format.equals("uuid") ? UUID.randomUUID().toString()
                        : format.equals("date-time") ? "2030-01-01T09:00:00+03:00" : plausible(name));
            }
            case "integer" -> {
                return NODES.numberNode(1);
            }
            case "number" -> {
                return NODES.numberNode(1.5);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(document, schema.path("items"), name, depth + 1));
                return array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                    object.set(property.getKey(), sample(document, property.getValue(), property.getKey(), depth + 1));
                }
                JsonNode additional = schema.path("additionalProperties");
                if (additional.isObject()) {
                    object.set(name.equals("variables") ? "name" : "sms", sample(document, additional, "sms", depth + 1));
                }
                return object;
            }
        }
    }

    private static String plausible(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("phone")) {
            return "79000000001";
        }
        if (lower.contains("email")) {
            return "someone@example.com";
        }
        if (lower.contains("url")) {
            return "http://127.0.0.1:9/hook";
        }
        if (lower.equals("channel")) {
            return "sms";
        }
        if (lower.equals("type")) {
            return "http";
        }
        return "text";
    }

    /** Every value's path, as {@code /a/0/b} JSON pointers. */
    private static void leaves(JsonNode node, String pointer, List<String> out) {
        out.add(pointer);
        if (node.isObject()) {
            node.properties().forEach(e -> leaves(e.getValue(), pointer + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private JsonNode mutate(JsonNode sample, String pointer) {
        JsonNode replacement = switch (random.nextInt(9)) {
            case 0 -> NODES.stringNode(ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size())));
            case 1 -> JSON.readTree(EXTREME_NUMBERS.get(random.nextInt(EXTREME_NUMBERS.size())));
            case 2 -> NODES.objectNode().put("nested", "\u0000");
            case 3 -> NODES.arrayNode().add(1).add("two").addNull();
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> NODES.stringNode("x".repeat(1 + random.nextInt(70_000)));
            case 7 -> NODES.stringNode(ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size())).repeat(1 + random.nextInt(300)));
            default -> {
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 1 + random.nextInt(3000); i++) {
                    many.add(i);
                }
                yield many;
            }
        };
        return replaced(sample, pointer, replacement);
    }

    private static JsonNode replaced(JsonNode sample, String pointer, JsonNode replacement) {
        if (pointer.isEmpty()) {
            return replacement;
        }
        JsonNode copy = sample.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, replacement);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), replacement);
        }
        return copy;
    }

    private static JsonNode without(JsonNode sample, String pointer) {
        if (pointer.isEmpty()) {
            return NODES.objectNode();
        }
        JsonNode copy = sample.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1);
        if (parent instanceof ObjectNode object) {
            object.remove(key);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(key));
        }
        return copy;
    }

    /** The sample's text with its first field written again, with another type. */
    private static byte[] duplicatedFields(JsonNode sample) {
        String text = new String(bytes(sample), StandardCharsets.UTF_8);
        if (!sample.isObject() || sample.isEmpty()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        String first = sample.propertyNames().iterator().next();
        return ("{\"" + first + "\":[1,{}]," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hugeString(JsonNode sample, int length) {
        List<String> leaves = new ArrayList<>();
        leaves(sample, "", leaves);
        String target = leaves.size() > 1 ? leaves.get(1) : "";
        return bytes(replaced(sample, target, NODES.stringNode("é".repeat(length / 2))));
    }

    private List<Call> multipart(String method, String path, List<String> parts) {
        List<Call> calls = new ArrayList<>();
        String boundary = "herald-fuzz-boundary";
        String type = "multipart/form-data; boundary=" + boundary;
        calls.add(new Call(method, path, "multipart/form-data", "garbage".getBytes(StandardCharsets.UTF_8), true));
        calls.add(new Call(method, path, type, "garbage".getBytes(StandardCharsets.UTF_8), true));
        calls.add(new Call(method, path, type, new byte[0], true));
        calls.add(new Call(method, path, type, ("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8), true));
        calls.add(new Call(method, path, type, ("--" + boundary + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8), true));
        calls.add(new Call(method, path, "multipart/form-data; boundary=" + "b".repeat(100), ("--" + "b".repeat(100)
                + "\r\n").getBytes(StandardCharsets.UTF_8), true));
        calls.add(new Call(method, path, "multipart/mixed; boundary=" + boundary, ("--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8), true));
        List<String> names = new ArrayList<>(parts);
        names.add("unknown");
        for (String name : names) {
            for (byte[] value : List.of("{\"name\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8), bytes(0xC3, 0x28),
                    "not json".getBytes(StandardCharsets.UTF_8), new byte[0], bytes(0x89, 'P', 'N', 'G'),
                    "phone\n79000000001\n".getBytes(StandardCharsets.UTF_8), bytes(0x50, 0x4B, 0x03, 0x04, 0, 0))) {
                for (String partType : List.of("application/json", "text/csv", "*/*", "image/png")) {
                    if (random.nextInt(3) == 0) {
                        continue;
                    }
                    calls.add(new Call(method, path, type, part(boundary, name, "f\u0000.csv", partType, value, true), true));
                }
            }
            // A part that never ends.
            byte[] truncated = part(boundary, name, "f.csv", "text/csv", "phone\n7900".getBytes(StandardCharsets.UTF_8), false);
            calls.add(new Call(method, path, type, truncated, true));
            calls.add(new Call(method, path, type, part(boundary, name, "x".repeat(5000), "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8), true), true));
        }
        return calls;
    }

    private static byte[] part(String boundary, String name, String fileName, String type, byte[] value, boolean close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
        if (close) {
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The container's error page, which no OpenAPI document lists. */
    private static List<Call> errorPageCalls() {
        List<Call> calls = new ArrayList<>();
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            calls.add(new Call(method, "/error", null, null, true));
            calls.add(new Call(method, "/error", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false));
        }
        return calls;
    }

    private List<String> send(List<Call> calls, String token) throws InterruptedException {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicInteger sent = new AtomicInteger();
        Semaphore inFlight = new Semaphore(4);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Call call : calls) {
                inFlight.acquire();
                executor.submit(() -> {
                    try {
                        int status = status(call, token);
                        sent.incrementAndGet();
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        if (status >= 500) {
                            failures.add(status + " ← " + call);
                        }
                    } catch (Exception e) {
                        failures.add(e + " ← " + call);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        System.out.println("Hostile requests sent: " + sent.get() + ", answers by status: " + statuses);
        assertThat(sent.get() + failures.size()).isGreaterThanOrEqualTo(MIN_REQUESTS);
        return new ArrayList<>(failures);
    }

    private int status(Call call, String token) throws Exception {
        URI uri;
        try {
            uri = URI.create("http://localhost:" + port + call.path());
        } catch (IllegalArgumentException notAUri) {
            return rawStatus(call, token);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (call.authenticated()) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (call.contentType() != null) {
            builder.header("Content-Type", call.contentType());
        }
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        builder.method(call.method(), body);
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException closedUnderUs) {
            // A pooled keep-alive connection the server had just closed is a transport race, not an answer:
            // ask once more on a new connection; a request the server really drops fails again and is reported.
            try (HttpClient fresh = HttpClient.newHttpClient()) {
                return fresh.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            }
        }
    }

    /** For what java.net.URI refuses to send (a lone %, braces, raw bytes): HTTP/1.1 written by hand. */
    private int rawStatus(Call call, String token) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(call.method() + " " + call.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            if (call.authenticated()) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (call.contentType() != null) {
                head.append("Content-Type: ").append(call.contentType()).append("\r\n");
            }
            byte[] body = call.body() == null ? new byte[0] : call.body();
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            request.writeBytes(body);
            socket.getOutputStream().write(request.toByteArray());
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private <T> List<T> pick(List<T> from, int count) {
        List<T> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}

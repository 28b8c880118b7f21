package dev.herald.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.callback.CallbackReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code herald.tracing.otlp-endpoint} set, a message's journey is one trace, exported over OTLP/HTTP to an
 * in-process receiver: intake, then (after the queue hop, on the engine's threads) the provider call, the status
 * changes its report brings, and the callback, all children of the intake span; the callback carries traceparent.
 */
@TestPropertySource(properties = {"herald.test.context=tracing", "herald.tracing.export-timeout=5s"})
class MessageTracingTest extends HeraldTest {

    /** A span as the OTLP protobuf carries it: ids as hex, attributes as strings. */
    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, Map<String, String> attributes) {}

    private static final List<ExportedSpan> SPANS = new CopyOnWriteArrayList<>();
    private static final HttpServer OTLP;
    private static CallbackReceiver callbacks;

    static {
        try {
            OTLP = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OTLP.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            SPANS.addAll(Protobuf.spans(body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        OTLP.start();
    }

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add("herald.tracing.otlp-endpoint",
                () -> "http://127.0.0.1:" + OTLP.getAddress().getPort() + "/v1/traces");
    }

    @BeforeAll
    static void startCallbacks() throws IOException {
        callbacks = CallbackReceiver.start();
    }

    @AfterAll
    static void stop() {
        callbacks.close();
    }

    @Test
    void oneTracePerMessageFromIntakeToCallback() {
        ApiClient api = newAccount();
        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"hi\"}},"
                + "\"callbackUrl\":\"" + callbacks.url("/traced") + "\",\"destinations\":[{\"phone\":\"79001230001\"}]}]}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        String id = response.json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        String traceId = id.replace("-", "");

        // SENT and DELIVERED callbacks; each a span once the batch processor exports it (every 5 s by default).
        eventually().atMost(java.time.Duration.ofSeconds(30)).until(() -> spansOf(traceId).stream()
                .filter(s -> s.name().equals("herald.callback")).count() >= 2);
        List<ExportedSpan> spans = spansOf(traceId);
        ExportedSpan intake = only(spans, "herald.intake");
        assertThat(intake.parentSpanId()).isEmpty();
        assertThat(intake.attributes()).containsEntry("herald.message_id", id).containsEntry("herald.channel", "SMS");

        ExportedSpan send = only(spans, "herald.send");
        assertThat(send.parentSpanId()).isEqualTo(intake.spanId());
        assertThat(send.attributes()).containsEntry("herald.provider", "sandbox").containsEntry("herald.outcome", "Accepted");

        assertThat(spans).filteredOn(s -> s.name().equals("herald.status"))
                .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(intake.spanId()))
                .extracting(s -> s.attributes().get("herald.status")).contains("SENT", "DELIVERED");
        assertThat(spans).filteredOn(s -> s.name().equals("herald.callback"))
                .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(intake.spanId()))
                .allSatisfy(s -> assertThat(s.attributes()).containsEntry("herald.outcome", "Delivered"));

        assertThat(callbacks.at("/traced")).isNotEmpty().allSatisfy(callback ->
                assertThat(callback.header("traceparent")).isEqualTo("00-" + traceId + "-" + intake.spanId() + "-01"));
        assertThat(SPANS).filteredOn(s -> s.attributes().get("herald.message_id") != null
                && s.attributes().get("herald.message_id").equals(id)).allMatch(s -> s.traceId().equals(traceId));
    }

    @Test
    void offByDefaultIsTheNoOpTracer() {
        assertThat(MessageTraces.OFF.enabled()).isFalse();
        assertThat(MessageTraces.OFF.start(UUID.randomUUID(), "x", io.opentelemetry.api.trace.SpanKind.INTERNAL)
                .getSpanContext().isValid()).isFalse();
    }

    private static List<ExportedSpan> spansOf(String traceId) {
        return SPANS.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static ExportedSpan only(List<ExportedSpan> spans, String name) {
        List<ExportedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.getFirst();
    }

    /** Just enough of the protobuf wire format for ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span. */
    static final class Protobuf {

        private final byte[] data;
        private int pos;
        private final int end;

        private Protobuf(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        static List<ExportedSpan> spans(byte[] request) {
            List<ExportedSpan> spans = new ArrayList<>();
            for (Protobuf resource : new Protobuf(request, 0, request.length).messages(1)) {
                for (Protobuf scope : resource.messages(2)) {
                    for (Protobuf span : scope.messages(2)) {
                        spans.add(span.span());
                    }
                }
            }
            return spans;
        }

        private List<Protobuf> messages(int field) {
            List<Protobuf> found = new ArrayList<>();
            forEach((number, value) -> {
                if (number == field && value instanceof Protobuf message) {
                    found.add(message);
                }
            });
            return found;
        }

        private ExportedSpan span() {
            String[] ids = new String[3];
            String[] name = {""};
            Map<String, String> attributes = new ConcurrentHashMap<>();
            forEach((number, value) -> {
                if (value instanceof Protobuf bytes) {
                    switch (number) {
                        case 1, 2, 4 -> ids[number == 4 ? 2 : number - 1] = HexFormat.of().formatHex(bytes.bytes());
                        case 5 -> name[0] = bytes.string();
                        case 9 -> bytes.attribute(attributes);
                        default -> { }
                    }
                }
            });
            return new ExportedSpan(ids[0], ids[1], ids[2] == null ? "" : ids[2], name[0], attributes);
        }

        private void attribute(Map<String, String> into) {
            String[] key = {null};
            String[] value = {""};
            forEach((number, field) -> {
                if (number == 1 && field instanceof Protobuf bytes) {
                    key[0] = bytes.string();
                } else if (number == 2 && field instanceof Protobuf any) {
                    any.forEach((kind, v) -> value[0] = v instanceof Protobuf s ? s.string() : String.valueOf(v));
                }
            });
            into.put(key[0], value[0]);
        }

        interface FieldVisitor {
            void field(int number, Object value);
        }

        /** Visits each field: varints and fixed numbers as Long, length-delimited ones as a nested reader. */
        private void forEach(FieldVisitor visitor) {
            int at = pos;
            while (at < end) {
                long[] cursor = {at};
                long tag = varint(cursor);
                int number = (int) (tag >>> 3);
                Object value = switch ((int) (tag & 7)) {
                    case 0 -> varint(cursor);
                    case 1 -> { cursor[0] += 8; yield 0L; }
                    case 5 -> { cursor[0] += 4; yield 0L; }
                    case 2 -> {
                        int length = (int) varint(cursor);
                        Protobuf nested = new Protobuf(data, (int) cursor[0], (int) cursor[0] + length);
                        cursor[0] += length;
                        yield nested;
                    }
                    default -> throw new IllegalStateException("wire type " + (tag & 7));
                };
                at = (int) cursor[0];
                visitor.field(number, value);
            }
        }

        private long varint(long[] cursor) {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = data[(int) cursor[0]++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
        }

        private byte[] bytes() {
            return java.util.Arrays.copyOfRange(data, pos, end);
        }

        private String string() {
            return new String(data, pos, end - pos, StandardCharsets.UTF_8);
        }
    }

}

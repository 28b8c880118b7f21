package dev.herald.callback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 that receives callbacks in tests: it records every request in the order it
 * arrives, answers each path as scripted (then 200), can be slow, and tracks how many callbacks of one
 * message it was handling at the same time.
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One callback as it arrived. */
    public record Received(String path, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Integer> always = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busyPerMessage = new ConcurrentHashMap<>();
    private final AtomicInteger mostAtOnceForOneMessage = new AtomicInteger();

    private CallbackReceiver(HttpServer server) {
        this.server = server;
    }

    public static CallbackReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CallbackReceiver receiver = new CallbackReceiver(server);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} get these statuses, in turn; later ones get 200. */
    void answer(String path, Integer... statuses) {
        scripted.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    /** Every request to {@code path} gets {@code status}. */
    void answerAlways(String path, int status) {
        always.put(path, status);
    }

    void slow(String path, Duration delay) {
        delays.put(path, delay);
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    int mostCallbacksOfOneMessageAtOnce() {
        return mostAtOnceForOneMessage.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Received request = new Received(path, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                Map.copyOf(exchange.getRequestHeaders()));
        received.add(request);
        AtomicInteger busy = busyPerMessage.computeIfAbsent(request.json().path("id").asString(), id -> new AtomicInteger());
        mostAtOnceForOneMessage.accumulateAndGet(busy.incrementAndGet(), Math::max);
        int status = 200;
        try {
            Duration delay = delays.get(path);
            if (delay != null) {
                Thread.sleep(delay);
            }
            status = statusFor(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Before answering: once answered, Herald may send the message's next callback at once.
            busy.decrementAndGet();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private synchronized int statusFor(String path) {
        Deque<Integer> statuses = scripted.get(path);
        Integer next = statuses == null ? null : statuses.poll();
        return next != null ? next : always.getOrDefault(path, 200);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

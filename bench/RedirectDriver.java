import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures short-link redirects per second against a running Herald (see bench/redirects.sh and
 * docs/benchmarks.md). Only the public API is used: it sends one SMS with a link to each of --links
 * destinations, reads each message's short link, then opens random links from --concurrency virtual
 * threads for --seconds per run (closed loop: each thread sends its next request when the previous
 * answer arrived), after a warm-up that is not counted. At the end it checks through the API that every
 * redirect was stored as a click.
 *
 *   java bench/RedirectDriver.java --base=http://127.0.0.1:18080 --token=hrd_...
 */
public class RedirectDriver {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([0-9A-Za-z]+)\"");
    private static final Pattern CLICKS = Pattern.compile("\"clicks\"\\s*:\\s*(\\d+)");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final String BROWSER = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 herald-bench";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        String base = options.get("base");
        String token = options.get("token");
        int links = Integer.parseInt(options.getOrDefault("links", "1000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        List<String[]> messagesAndCodes = setUp(http, base, token, links);
        String[] codes = messagesAndCodes.stream().map(mc -> mc[1]).toArray(String[]::new);
        System.out.printf("%d links ready; %d clients, warm-up %d s, %d runs of %d s%n", codes.length, concurrency,
                warmup, runs, seconds);

        long total = load(http, base, codes, concurrency, warmup).count();
        List<Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String loadBefore = loadAverage();
            Result result = load(http, base, codes, concurrency, seconds);
            total += result.count();
            results.add(result);
            System.out.printf("run %d: %,.0f redirects/s (%,d in %.2f s), latency p50 %.2f ms, p99 %.2f ms, "
                            + "errors %d; load average before %s%n", run, result.perSecond(), result.count(),
                    result.seconds(), result.p50Millis(), result.p99Millis(), result.errors(), loadBefore);
        }
        double[] rates = results.stream().mapToDouble(Result::perSecond).sorted().toArray();
        double[] p99s = results.stream().mapToDouble(Result::p99Millis).sorted().toArray();
        double[] p50s = results.stream().mapToDouble(Result::p50Millis).sorted().toArray();
        System.out.printf("median of %d runs: %,.0f redirects/s, p50 %.2f ms, p99 %.2f ms%n", runs,
                rates[rates.length / 2], p50s[p50s.length / 2], p99s[p99s.length / 2]);

        long stored = awaitClicks(http, base, token, messagesAndCodes, total);
        System.out.printf("clicks stored: %,d of %,d redirects%n", stored, total);
        if (stored != total || results.stream().anyMatch(r -> r.errors() > 0)) {
            System.exit(1);
        }
    }

    /** One SMS with a link to each destination; answers [messageId, code] per message. */
    private static List<String[]> setUp(HttpClient http, String base, String token, int links) throws Exception {
        StringBuilder destinations = new StringBuilder();
        for (int i = 0; i < links; i++) {
            // Phones ending in 1-7: the sandbox delivers them.
            destinations.append(i == 0 ? "" : ",").append("{\"phone\":\"7955").append(String.format("%06d", i * 10L))
                    .append(1 + i % 7).append("\"}");
        }
        String bulk = java.util.UUID.randomUUID().toString();
        String body = "{\"bulkId\":\"" + bulk + "\",\"messages\":[{\"channels\":{\"sms\":{\"text\":"
                + "\"Your offer: https://shop.example.com/offers/spring?utm_source=sms\"}},\"destinations\":["
                + destinations + "]}]}";
        HttpResponse<String> sent = http.send(api(base, token, "/api/v1/messages")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() != 201) {
            throw new IllegalStateException("sending failed: " + sent.statusCode() + " " + sent.body());
        }
        // Delivered first, so that each link's first click also moves its message to CLICKED, as in real use.
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (true) {
            Matcher delivered = COUNT.matcher(get(http, api(base, token,
                    "/api/v1/messages?limit=1&status=DELIVERED&bulkId=" + bulk)));
            if (delivered.find() && Long.parseLong(delivered.group(1)) >= links) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the messages were not delivered within 300 s");
            }
            Thread.sleep(500);
        }
        List<String> messageIds = new ArrayList<>();
        for (int page = 0; messageIds.size() < links; page++) {
            String listed = get(http, api(base, token, "/api/v1/messages?limit=1000&page=" + page + "&bulkId=" + bulk));
            Matcher ids = ID.matcher(listed.substring(listed.indexOf("\"items\"")));
            int before = messageIds.size();
            while (ids.find()) {
                messageIds.add(ids.group(1));
            }
            if (messageIds.size() == before) {
                throw new IllegalStateException("listed only " + messageIds.size() + " of " + links + " messages");
            }
        }
        List<String[]> result = new ArrayList<>();
        for (String messageId : new java.util.LinkedHashSet<>(messageIds)) {
            Matcher code = CODE.matcher(get(http, api(base, token, "/api/v1/shortLinks?messageId=" + messageId)));
            if (!code.find()) {
                continue;
            }
            result.add(new String[] {messageId, code.group(1)});
        }
        if (result.size() != links) {
            throw new IllegalStateException("expected " + links + " links, found " + result.size());
        }
        return result;
    }

    record Result(long count, long errors, double seconds, double p50Millis, double p99Millis) {

        double perSecond() {
            return count / seconds;
        }
    }

    private static Result load(HttpClient http, String base, String[] codes, int concurrency, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        List<long[]> latencies = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                futures.add(clients.submit(() -> {
                    long[] taken = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        String code = codes[ThreadLocalRandom.current().nextInt(codes.length)];
                        long start = System.nanoTime();
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                                .header("User-Agent", BROWSER).GET().build(), HttpResponse.BodyHandlers.discarding());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() != 302) {
                            errors.incrementAndGet();
                        }
                        if (n == taken.length) {
                            taken = Arrays.copyOf(taken, n * 2);
                        }
                        taken[n++] = took;
                    }
                    return Arrays.copyOf(taken, n);
                }));
            }
            for (Future<long[]> future : futures) {
                latencies.add(future.get());
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, errors.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99));
    }

    /** Waits until the links' click counts add up to the redirects made (clicks are stored behind the answer). */
    private static long awaitClicks(HttpClient http, String base, String token, List<String[]> messagesAndCodes,
                                    long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            stored = 0;
            for (String[] mc : messagesAndCodes) {
                Matcher clicks = CLICKS.matcher(get(http, api(base, token, "/api/v1/shortLinks?messageId=" + mc[0])));
                stored += clicks.find() ? Long.parseLong(clicks.group(1)) : 0;
            }
            if (stored >= expected) {
                return stored;
            }
            Thread.sleep(1000);
        }
        return stored;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static HttpRequest.Builder api(String base, String token, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private static String get(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}

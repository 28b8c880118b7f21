import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Herald benchmark driver: drives a running Herald over HTTP and its database with psql/pgbench, and writes
 * results.{json,md,tsv}. Started by bench/run.sh; see docs/benchmarks.md. No dependencies: run it with
 * {@code java bench/Driver.java --base=http://127.0.0.1:8080 --token=... [options]} (JDK 21+).
 *
 * <p>{@code java bench/Driver.java summarize OUT_DIR results-1.tsv results-2.tsv ...} prints and writes the
 * medians of several runs.
 */
public class Driver {

    // ---------------------------------------------------------------- configuration

    static final Map<String, String> opts = new LinkedHashMap<>();

    static String opt(String key, String dflt) {
        return opts.getOrDefault(key, dflt);
    }

    static boolean quick() {
        return opt("mode", "full").equals("quick");
    }

    /** A size: --key=value, else the quick or the full default. */
    static long size(String key, long quickValue, long fullValue) {
        String v = opts.get(key);
        return v != null ? Long.parseLong(v.replace("_", "")) : quick() ? quickValue : fullValue;
    }

    static String base;
    static String token;
    static Path out;
    static HttpClient http;
    static Sampler sampler;
    static Pg pg; // null when the database cannot be reached with psql
    /** Herald's herald_messages_status_total{status="DELIVERED"}, refreshed by the sampler every second; -1 if absent. */
    static volatile double deliveredMetric = -1;
    static final Map<String, Object> results = new LinkedHashMap<>();
    static final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("summarize")) {
            Summary.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --key=value, got " + a);
            }
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        base = opt("base", "http://127.0.0.1:8080");
        token = opt("token", System.getenv("HERALD_BOOTSTRAP_TOKEN"));
        out = Path.of(opt("out", "target/bench"));
        Files.createDirectories(out);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        if (!opt("pg-port", "").isEmpty()) {
            pg = new Pg(opt("pg-host", "127.0.0.1"), opt("pg-port", "5432"), opt("pg-user", "postgres"),
                    opt("pg-db", "postgres"));
            try {
                pg.query("SELECT 1");
            } catch (Exception e) {
                log("psql cannot reach the database (" + e.getMessage() + "); DB-side measurements are skipped");
                notes.add("psql could not reach Herald's database: (e) lateness and (g) baseline are not measured, "
                        + "end times come from API polling.");
                pg = null;
            }
        }
        environment();
        long heraldPid = Long.parseLong(opt("herald-pid", "0"));
        sampler = new Sampler(heraldPid, pg == null ? 0 : pg.postmasterPid());
        sampler.start();

        List<String> scenarios = List.of(opt("scenarios", "g,a,b,c,d,h,e,i").split(","));
        Map<String, ThrowingRunnable> all = new LinkedHashMap<>();
        all.put("g", Driver::rawSqlBaseline);
        all.put("a", Driver::intake);
        all.put("b", () -> endToEnd(false));
        all.put("c", () -> endToEnd(true));
        all.put("d", Driver::latency);
        all.put("h", Driver::stubProvider);
        // Only when asked for (--scenarios=...,r): it routes the account's SMS over two connections for a while.
        all.put("r", Driver::twoProviderRoute);
        all.put("e", Driver::scheduled);
        // Last: it leaves its bulk backlog queued (cancelling it costs as much as sending it), and Herald is
        // stopped right after.
        all.put("i", Driver::behindBulk);
        for (Map.Entry<String, ThrowingRunnable> s : all.entrySet()) {
            if (!scenarios.contains(s.getKey())) {
                continue;
            }
            log("=== scenario (" + s.getKey() + ") ===");
            sampler.begin(s.getKey());
            try {
                s.getValue().run();
            } catch (Exception e) {
                log("scenario (" + s.getKey() + ") failed: " + e);
                e.printStackTrace();
                put(s.getKey() + ".error", String.valueOf(e));
            } finally {
                sampler.end(s.getKey());
            }
            try {
                heraldAlive();
            } catch (IllegalStateException e) {
                put("error", e.getMessage());
                notes.add("Herald died during scenario (" + s.getKey() + "); later scenarios were not run.");
                break;
            }
        }
        sampler.stopSampling();
        memory();
        Report.write();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static void put(String key, Object value) {
        results.put(key, value);
    }

    static double num(String key) {
        Object v = results.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static void log(String message) {
        System.err.printf("[bench %s] %s%n", DateTimeFormatter.ofPattern("HH:mm:ss").format(
                Instant.now().atOffset(ZoneOffset.UTC)), message);
    }

    // ---------------------------------------------------------------- environment

    static void environment() throws Exception {
        put("env.date", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        put("env.label", opt("label", pg == null ? "unknown" : "embedded"));
        put("env.mode", opt("mode", "full"));
        put("env.nproc", Runtime.getRuntime().availableProcessors());
        put("env.cpu_model", firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.*)"));
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(\\d+) kB");
        put("env.mem_gib", mem == null ? null : round(Long.parseLong(mem) / 1024.0 / 1024.0, 1));
        String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        put("env.loadavg_start", load[0] + " " + load[1] + " " + load[2]);
        put("env.driver_jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        put("env.herald_jdk", opt("herald-jdk", ""));
        put("env.herald_jar", opt("herald-jar", ""));
        put("env.git_rev", opt("git-rev", ""));
        put("env.report_delay", opt("report-delay", ""));
        put("env.herald_args", opt("herald-args", ""));
        put("env.herald_startup_seconds", opt("startup-seconds", ""));
        put("env.loadavg_before_herald_start", opt("loadavg-before-start", ""));
        if (pg != null) {
            put("env.postgres", pg.query("SELECT version()").split(" on ")[0]);
            put("env.pg_shared_buffers", pg.query("SHOW shared_buffers"));
            put("env.pg_synchronous_commit", pg.query("SHOW synchronous_commit"));
            put("env.pg_max_connections", pg.query("SHOW max_connections"));
        }
        String health = get("/actuator/health").body();
        log("Herald health: " + health);
    }

    static String firstMatch(Path file, String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
            return m.find() ? m.group(1).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- HTTP helpers

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    /** Messages of a bulk in the given statuses, by the API (the fallback when psql is not available). */
    static long apiCount(String bulkId, String statuses) {
        try {
            HttpResponse<String> r = get("/api/v1/messages?limit=1&bulkId=" + bulkId + "&status=" + statuses);
            Matcher m = COUNT.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return Long.parseLong(m.group(1));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages of a bulk in the given statuses: by SQL when the database is reachable, else by the API. */
    static long count(String bulkId, String statuses) {
        if (pg != null) {
            String in = Arrays.stream(statuses.split(",")).map(s -> "'" + s + "'")
                    .reduce((x, y) -> x + "," + y).orElseThrow();
            return Long.parseLong(pg.query("SELECT count(*) FROM message WHERE bulk_id = '" + bulkId
                    + "' AND status IN (" + in + ")"));
        }
        return apiCount(bulkId, statuses);
    }

    // ---------------------------------------------------------------- request bodies

    /** An address the sandbox reports DELIVERED: E.164 digits whose last digit is 1..7. */
    static String phone(int scenario, long i) {
        return String.valueOf(79_000_000_000L + scenario * 100_000_000L + i * 10 + (1 + i % 7));
    }

    static String body(String bulkId, int scenario, long first, int n, String sendAt, String callbackUrl) {
        return body(bulkId, scenario, first, n, sendAt, callbackUrl, null, null);
    }

    /**
     * A request of one message to {@code n} destinations; {@code provider} names the SMS provider (null: the
     * default route, the sandbox), {@code priority} is the message's lane (null: Herald's default rule).
     */
    static String body(String bulkId, int scenario, long first, int n, String sendAt, String callbackUrl,
                       String provider, String priority) {
        StringBuilder b = new StringBuilder(64 + n * 24);
        b.append("{");
        if (bulkId != null) {
            b.append("\"bulkId\":\"").append(bulkId).append("\",");
        }
        b.append("\"messages\":[{\"channels\":{\"sms\":{\"text\":\"Herald benchmark message\"");
        if (provider != null) {
            b.append(",\"provider\":\"").append(provider).append('"');
        }
        b.append("}},");
        if (priority != null) {
            b.append("\"priority\":\"").append(priority).append("\",");
        }
        if (sendAt != null) {
            b.append("\"sendAt\":\"").append(sendAt).append("\",");
        }
        if (callbackUrl != null) {
            b.append("\"callbackUrl\":\"").append(callbackUrl).append("\",\"callbackData\":\"bench\",");
        }
        b.append("\"destinations\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"phone\":\"").append(phone(scenario, first + i)).append("\"}");
        }
        return b.append("]}]}").toString();
    }

    /**
     * Posts {@code total} destinations in batches of {@code batch} with {@code concurrency} requests in flight.
     * The first batch goes alone so that it creates the bulk; the others add to it.
     *
     * @return per-request latencies in ms; start and end epoch ms in {@code window[0..1]}
     */
    static long[] postBatches(String bulkId, int scenario, long total, int batch, int concurrency, String sendAt,
                              String callbackUrl, long[] window, List<String> groupIds) throws Exception {
        return postBatches(bulkId, scenario, total, batch, concurrency, sendAt, callbackUrl, window, groupIds, null);
    }

    /**
     * As above, each message in the lane {@code priority} (null: Herald's default). When Herald refuses the
     * field (a build before lanes that checks unknown fields), the rest are posted without it, with a note.
     */
    static long[] postBatches(String bulkId, int scenario, long total, int batch, int concurrency, String sendAt,
                              String callbackUrl, long[] window, List<String> groupIds, String priorityWanted)
            throws Exception {
        String[] priorityHolder = {priorityWanted};
        int requests = (int) ((total + batch - 1) / batch);
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger(0);
        AtomicInteger failures = new AtomicInteger();
        Pattern group = Pattern.compile("\"groupId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
        window[0] = System.currentTimeMillis();
        ThrowingRunnable worker = () -> {
            int r;
            while ((r = next.getAndIncrement()) < requests) {
                long first = (long) r * batch;
                int n = (int) Math.min(batch, total - first);
                String body = body(bulkId, scenario, first, n, sendAt, callbackUrl, null, priorityHolder[0]);
                long t = System.nanoTime();
                HttpResponse<String> resp = post("/api/v1/messages", body);
                latencies[r] = (System.nanoTime() - t) / 1_000_000;
                if (resp.statusCode() != 201) {
                    failures.incrementAndGet();
                    log("POST failed: HTTP " + resp.statusCode() + " " + abbreviate(resp.body(), 400));
                } else if (groupIds != null) {
                    Matcher m = group.matcher(resp.body());
                    if (m.find()) {
                        synchronized (groupIds) {
                            groupIds.add(m.group(1));
                        }
                    }
                }
            }
        };
        // The first request alone creates the bulk.
        {
            String bodyFirst = body(bulkId, scenario, 0, (int) Math.min(batch, total), sendAt, callbackUrl, null,
                    priorityHolder[0]);
            long t = System.nanoTime();
            HttpResponse<String> resp = post("/api/v1/messages", bodyFirst);
            if (priorityHolder[0] != null && resp.statusCode() == 400 && resp.body().contains("priority")) {
                log("  Herald refuses \"priority\" (" + abbreviate(resp.body(), 300) + "); posting without it");
                notes.add("This Herald refused the field \"priority\"; messages were posted without it (their lane is "
                        + "Herald's default for their size).");
                priorityHolder[0] = null;
                bodyFirst = body(bulkId, scenario, 0, (int) Math.min(batch, total), sendAt, callbackUrl);
                t = System.nanoTime();
                resp = post("/api/v1/messages", bodyFirst);
            }
            latencies[0] = (System.nanoTime() - t) / 1_000_000;
            if (resp.statusCode() != 201) {
                throw new IllegalStateException("first POST failed: HTTP " + resp.statusCode() + " "
                        + abbreviate(resp.body(), 1000));
            }
            if (groupIds != null) {
                Matcher m = group.matcher(resp.body());
                if (m.find()) {
                    groupIds.add(m.group(1));
                }
            }
            next.set(1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(pool.submit(() -> {
                worker.run();
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        window[1] = System.currentTimeMillis();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + requests + " POSTs failed");
        }
        return latencies;
    }

    static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Polls until {@code count} reaches {@code target}, or makes no progress for {@code stall}.
     *
     * @return the epoch ms at which the target was seen, or -1 when it stalled
     */
    static long waitFor(String what, LongSupplier count, long target, Duration stall, long pollMillis)
            throws InterruptedException {
        long last = -1;
        long started = System.currentTimeMillis();
        long lastChange = started;
        long lastLog = 0;
        long limit = size("max-wait-seconds", 180, 1200) * 1000;
        while (true) {
            heraldAlive();
            long c = count.getAsLong();
            long now = System.currentTimeMillis();
            if (c >= target) {
                return now;
            }
            if (c != last) {
                last = c;
                lastChange = now;
            }
            if (now - lastLog > 5000) {
                log(String.format("  %s: %,d / %,d", what, c, target));
                lastLog = now;
            }
            if (now - started > limit) {
                log(String.format("  %s: %,d / %,d after %d s; giving up (--max-wait-seconds)", what, c, target,
                        limit / 1000));
                notes.add(what + ": gave up after " + limit / 1000 + " s at " + c + " of " + target
                        + "; the next scenario started with work left over.");
                return -1;
            }
            if (now - lastChange > stall.toMillis()) {
                log(String.format("  %s: stalled at %,d / %,d for %d s; giving up", what, c, target,
                        stall.toSeconds()));
                return -1;
            }
            Thread.sleep(pollMillis);
        }
    }

    /** Stops the run when the Herald process has gone (a crash would otherwise look like a stall). */
    static void heraldAlive() {
        long pid = Long.parseLong(opt("herald-pid", "0"));
        if (pid > 0 && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
            throw new IllegalStateException("the Herald process " + pid + " has exited; see its log");
        }
    }

    /**
     * Progress towards {@code n} DELIVERED messages of a bulk without loading the database: Herald's DELIVERED
     * counter (read by the sampler anyway) since {@code base}; the database is asked only once the counter
     * says done (at most every 2 s), or every second when Herald has no such counter.
     */
    static LongSupplier delivered(double base, long n, LongSupplier exact) {
        long[] lastExact = {0};
        return () -> {
            double now = deliveredMetric;
            if (base < 0 || now < 0) {
                return exact.getAsLong();
            }
            long estimate = (long) (now - base);
            if (estimate < n || System.currentTimeMillis() - lastExact[0] < 2000) {
                return Math.min(estimate, n - 1);
            }
            lastExact[0] = System.currentTimeMillis();
            return exact.getAsLong();
        };
    }

    /** The DELIVERED counter once the sampler has read it after {@code since} (ms). */
    static double deliveredBase() throws InterruptedException {
        long samples = sampler.samples.get();
        long until = System.currentTimeMillis() + 3000;
        while (sampler.samples.get() < samples + 1 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        return deliveredMetric;
    }

    /** Epoch ms at which the last message of a bulk was recorded SENT (accepted by the sandbox); -1 without psql. */
    static long lastSentAt(String bulkId) {
        if (pg == null) {
            return -1;
        }
        String v = pg.query("SELECT (extract(epoch FROM max(sent_at)) * 1000)::bigint FROM message WHERE bulk_id = '"
                + bulkId + "'");
        return v.isEmpty() ? -1 : Long.parseLong(v);
    }

    /** Epoch ms of the last delivery of a bulk, from the database; -1 without psql. */
    static long lastDeliveredAt(String bulkId) {
        if (pg == null) {
            return -1;
        }
        String v = pg.query("SELECT (extract(epoch FROM max(delivered_at)) * 1000)::bigint FROM message WHERE bulk_id = '"
                + bulkId + "'");
        return v.isEmpty() ? -1 : Long.parseLong(v);
    }

    // ---------------------------------------------------------------- (g) raw SQL baseline

    static void rawSqlBaseline() throws Exception {
        if (pg == null) {
            put("g.skipped", "psql not available");
            return;
        }
        long n = size("raw-n", 10_000, 200_000);
        long nPm = size("raw-pm-n", 4_000, 32_000);
        int clients = (int) size("raw-clients", 4, 4);
        int pmClients = (int) size("raw-pm-clients", 8, 8);
        int insertBatch = 1000;
        int claimBatch = (int) size("raw-claim-batch", 100, 100);
        n = rawRows(n, clients, insertBatch);
        nPm = rawRows(nPm, pmClients, insertBatch);
        Path dir = out.resolve("raw");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("schema.sql"), RawSql.SCHEMA);
        Files.writeString(dir.resolve("insert.sql"), RawSql.INSERT);
        Files.writeString(dir.resolve("process.sql"), RawSql.PROCESS);
        put("g.pgbench", pg.run(List.of("pgbench", "--version")).trim());
        put("g.process_synchronous_commit", opt("raw-durable", "false").equals("true") ? "on" : "off");

        // Batched claims, as Herald's dispatcher claims (batch-size 100).
        sampler.begin("g.batched");
        RawRun batched = rawRun(dir, n, clients, insertBatch, claimBatch);
        sampler.end("g.batched");
        put("g.n", n);
        put("g.clients", clients);
        put("g.insert_batch", insertBatch);
        put("g.claim_batch", claimBatch);
        put("g.insert_seconds", round(batched.insertMs / 1000.0, 2));
        put("g.insert_rows_per_s", round(n * 1000.0 / batched.insertMs, 0));
        put("g.process_seconds", round(batched.processMs / 1000.0, 2));
        put("g.process_rows_per_s", round(n * 1000.0 / batched.processMs, 0));
        put("g.lifecycle_rows_per_s", round(n * 1000.0 / (batched.insertMs + batched.processMs), 0));

        // One message per transaction, as Herald's MessageSender works: the per-message ceiling.
        sampler.begin("g.per_message");
        RawRun single = rawRun(dir, nPm, pmClients, insertBatch, 1);
        sampler.end("g.per_message");
        put("g.pm_n", nPm);
        put("g.pm_clients", pmClients);
        put("g.pm_process_seconds", round(single.processMs / 1000.0, 2));
        put("g.pm_process_rows_per_s", round(nPm * 1000.0 / single.processMs, 0));
        put("g.pm_lifecycle_rows_per_s", round(nPm * 1000.0 / (single.insertMs + single.processMs), 0));
        pg.query("DROP SCHEMA IF EXISTS bench_raw CASCADE");
    }

    record RawRun(long insertMs, long processMs) {}

    /** n rounded up so that every insert client does the same number of whole batches. */
    static long rawRows(long n, int clients, int insertBatch) {
        long insertTx = (n + insertBatch - 1) / insertBatch;
        int insertClients = (int) Math.min(clients, insertTx);
        return (insertTx + insertClients - 1) / insertClients * insertClients * insertBatch;
    }

    static RawRun rawRun(Path dir, long n, int clients, int insertBatch, int claimBatch) throws Exception {
        pg.runFile(dir.resolve("schema.sql"));
        long insertTx = n / insertBatch;
        int insertClients = (int) Math.min(clients, insertTx);
        long perClient = insertTx / insertClients;
        long inserted = perClient * insertClients * insertBatch;
        long t0 = System.currentTimeMillis();
        pg.pgbench(dir.resolve("insert.sql"), insertClients, perClient, Map.of("batch", String.valueOf(insertBatch)));
        long t1 = System.currentTimeMillis();
        long rows = Long.parseLong(pg.query("SELECT count(*) FROM bench_raw.message"));
        if (rows != inserted) {
            throw new IllegalStateException("raw insert: expected " + inserted + " rows, found " + rows);
        }
        long claims = (rows + claimBatch - 1) / claimBatch;
        long claimsPerClient = (claims + clients - 1) / clients;
        long t2 = System.currentTimeMillis();
        pg.pgbench(dir.resolve("process.sql"), clients, claimsPerClient, Map.of("batch", String.valueOf(claimBatch)));
        // (the process phase runs with synchronous_commit = off, as Herald's delivery transactions do)
        // Claims that found the queue momentarily locked may leave a few rows; finish them the same way.
        long left;
        int rounds = 0;
        while ((left = Long.parseLong(pg.query("SELECT count(*) FROM bench_raw.job"))) > 0 && rounds++ < 50) {
            pg.pgbench(dir.resolve("process.sql"), 1, (left + claimBatch - 1) / claimBatch,
                    Map.of("batch", String.valueOf(claimBatch)));
        }
        long t3 = System.currentTimeMillis();
        long delivered = Long.parseLong(pg.query("SELECT count(*) FROM bench_raw.message WHERE status = 'DELIVERED'"));
        if (delivered != rows) {
            throw new IllegalStateException("raw process: " + delivered + " of " + rows + " delivered");
        }
        log(String.format("  raw SQL, claim batch %d, %d clients: insert %,d rows in %.2f s, claim->delivered in %.2f s",
                claimBatch, clients, rows, (t1 - t0) / 1000.0, (t3 - t2) / 1000.0));
        return new RawRun(t1 - t0, t3 - t2);
    }

    static final class RawSql {
        static final String SCHEMA = """
                DROP SCHEMA IF EXISTS bench_raw CASCADE;
                CREATE SCHEMA bench_raw;
                CREATE TABLE bench_raw.message (
                    id uuid PRIMARY KEY, address text NOT NULL, content jsonb NOT NULL, status text NOT NULL,
                    provider_message_id text, created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz, delivered_at timestamptz);
                CREATE TABLE bench_raw.status_event (
                    id bigserial PRIMARY KEY, message_id uuid NOT NULL REFERENCES bench_raw.message (id),
                    status text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
                CREATE INDEX ON bench_raw.status_event (message_id, id);
                CREATE TABLE bench_raw.job (
                    id bigserial PRIMARY KEY, message_id uuid NOT NULL REFERENCES bench_raw.message (id),
                    due_at timestamptz NOT NULL, locked_by text, locked_until timestamptz);
                CREATE INDEX ON bench_raw.job (due_at);
                CREATE INDEX ON bench_raw.job (message_id);
                CREATE INDEX ON bench_raw.job (locked_by) WHERE locked_by IS NOT NULL;
                """;
        /** One transaction per intake request: :batch messages, their CREATED events and their jobs. */
        static final String INSERT = """
                WITH m AS (INSERT INTO bench_raw.message (id, address, content, status) SELECT gen_random_uuid(), (79000000001 + (random() * 1e9)::bigint * 10)::text, '{"text": "Herald benchmark message", "from": "Herald"}', 'CREATED' FROM generate_series(1, :batch) RETURNING id), e AS (INSERT INTO bench_raw.status_event (message_id, status) SELECT id, 'CREATED' FROM m) INSERT INTO bench_raw.job (message_id, due_at) SELECT id, now() FROM m;
                """;
        /**
         * Claim up to :batch due jobs (own transaction), mark them SENT (own transaction), then DELIVERED and drop
         * the jobs (own transaction): the minimum of Herald's claim, send and delivery-report steps.
         */
        static final String PROCESS = """
                \\set tok random(1, 2000000000)
                UPDATE bench_raw.job SET locked_by = :tok::text, locked_until = now() + interval '60 seconds' WHERE id IN (SELECT id FROM bench_raw.job WHERE due_at <= now() AND locked_until IS NULL ORDER BY due_at LIMIT :batch FOR UPDATE SKIP LOCKED);
                BEGIN;
                UPDATE bench_raw.message m SET status = 'SENT', sent_at = now(), updated_at = now(), provider_message_id = m.id::text FROM bench_raw.job j WHERE j.locked_by = :tok::text AND m.id = j.message_id;
                INSERT INTO bench_raw.status_event (message_id, status) SELECT message_id, 'SENT' FROM bench_raw.job WHERE locked_by = :tok::text;
                COMMIT;
                BEGIN;
                UPDATE bench_raw.message m SET status = 'DELIVERED', delivered_at = now(), updated_at = now() FROM bench_raw.job j WHERE j.locked_by = :tok::text AND m.id = j.message_id;
                INSERT INTO bench_raw.status_event (message_id, status) SELECT message_id, 'DELIVERED' FROM bench_raw.job WHERE locked_by = :tok::text;
                DELETE FROM bench_raw.job WHERE locked_by = :tok::text;
                COMMIT;
                """;
    }

    // ---------------------------------------------------------------- (a) intake

    static void intake() throws Exception {
        long n = size("intake-n", 5_000, 100_000);
        int batch = (int) size("intake-batch", 1000, 1000);
        int concurrency = (int) size("concurrency", 4, 4);
        String bulkId = UUID.randomUUID().toString();
        double base = deliveredBase();
        long[] window = new long[2];
        long[] lat = postBatches(bulkId, 1, n, batch, concurrency, null, null, window, null);
        long ms = window[1] - window[0];
        put("a.n", n);
        put("a.batch", batch);
        put("a.concurrency", concurrency);
        put("a.seconds", round(ms / 1000.0, 2));
        put("a.dest_per_s", round(n * 1000.0 / ms, 0));
        Arrays.sort(lat);
        put("a.request_p50_ms", pct(lat, 50));
        put("a.request_p99_ms", pct(lat, 99));
        put("a.request_max_ms", lat[lat.length - 1]);
        log(String.format("  intake: %,d destinations in %.2f s = %,.0f /s", n, ms / 1000.0, n * 1000.0 / ms));
        // The engine sends them meanwhile; wait until it is done so the next scenario starts idle.
        long done = waitFor("(a) delivered", delivered(base, n, () -> count(bulkId, "DELIVERED")), n,
                Duration.ofSeconds(120), 500);
        long last = lastDeliveredAt(bulkId);
        if (done > 0) {
            long end = last > 0 ? last : done;
            put("a.all_delivered_seconds", round((end - window[0]) / 1000.0, 2));
            put("a.e2e_msgs_per_s", round(n * 1000.0 / (end - window[0]), 0));
        } else {
            put("a.all_delivered_seconds", null);
        }
    }

    // ---------------------------------------------------------------- (b), (c) end to end

    static void endToEnd(boolean callbacks) throws Exception {
        String k = callbacks ? "c" : "b";
        long n = callbacks ? size("cb-n", 2_000, 50_000) : size("e2e-n", 5_000, 100_000);
        int batch = (int) size("e2e-batch", 1000, 1000);
        int concurrency = (int) size("concurrency", 4, 4);
        String bulkId = UUID.randomUUID().toString();
        Receiver receiver = callbacks ? Receiver.start() : null;
        double base = deliveredBase();
        try {
            long[] window = new long[2];
            postBatches(bulkId, callbacks ? 3 : 2, n, batch, concurrency, null,
                    receiver == null ? null : receiver.url(), window, null);
            long t0 = window[0];
            put(k + ".n", n);
            put(k + ".batch", batch);
            put(k + ".concurrency", concurrency);
            put(k + ".intake_seconds", round((window[1] - t0) / 1000.0, 2));
            long done = waitFor("(" + k + ") delivered", delivered(base, n, () -> count(bulkId, "DELIVERED")), n,
                    Duration.ofSeconds(120), 250);
            long last = lastDeliveredAt(bulkId);
            long lastSent = lastSentAt(bulkId);
            long delivered = count(bulkId, "DELIVERED");
            put(k + ".delivered", delivered);
            if (lastSent > 0) {
                // Dispatch alone: accepted -> claimed -> handed to the sandbox -> SENT stored.
                put(k + ".sent_seconds", round((lastSent - t0) / 1000.0, 2));
                put(k + ".sent_msgs_per_s", round(n * 1000.0 / (lastSent - t0), 0));
            }
            if (done < 0) {
                put(k + ".complete", false);
                notes.add("(" + k + ") did not finish: " + delivered + " of " + n + " DELIVERED when progress stopped.");
            }
            long end = last > 0 ? last : done > 0 ? done : System.currentTimeMillis();
            put(k + ".seconds", round((end - t0) / 1000.0, 2));
            put(k + ".msgs_per_s", round(delivered * 1000.0 / (end - t0), 0));
            log(String.format("  (%s) %,d DELIVERED in %.2f s = %,.0f msg/s", k, delivered, (end - t0) / 1000.0,
                    delivered * 1000.0 / (end - t0)));
            if (receiver != null) {
                waitForCallbacks(receiver, n, t0, done > 0 ? done : System.currentTimeMillis());
            }
        } finally {
            if (receiver != null) {
                receiver.stop();
            }
        }
    }

    static void waitForCallbacks(Receiver receiver, long n, long t0, long deliveredAt) throws InterruptedException {
        // Each delivered SMS reports CREATED->PENDING, PENDING->SENT and SENT->DELIVERED.
        long expected = 3 * n;
        put("c.callbacks_expected", expected);
        long firstWait = quick() ? 15_000 : 30_000;
        while (receiver.received.get() == 0 && System.currentTimeMillis() - deliveredAt < firstWait) {
            Thread.sleep(200);
        }
        if (receiver.received.get() == 0) {
            put("c.available", false);
            notes.add("(c) no callback arrived within " + firstWait / 1000
                    + " s after all messages were DELIVERED: callbacks not available in this build.");
            log("  (c) callbacks not available (none received)");
            return;
        }
        put("c.available", true);
        long done = waitFor("(c) DELIVERED callbacks", receiver.delivered::get, n, Duration.ofSeconds(60), 250);
        if (done > 0) {
            // Let the last stragglers of other statuses in.
            long until = System.currentTimeMillis() + 2000;
            while (receiver.received.get() < expected && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
        }
        long last = receiver.lastAt.get();
        put("c.callbacks_received", receiver.received.get());
        put("c.callbacks_distinct", receiver.ids.size());
        put("c.callbacks_delivered_status", receiver.delivered.get());
        put("c.callbacks_seconds", round((last - t0) / 1000.0, 2));
        put("c.callbacks_per_s", round(receiver.received.get() * 1000.0 / (last - t0), 0));
        put("c.e2e_msgs_per_s", round(receiver.delivered.get() * 1000.0 / (receiver.lastDeliveredAt.get() - t0), 0));
        long[] lag = receiver.lags();
        if (lag.length > 0) {
            put("c.callback_lag_p50_ms", pct(lag, 50));
            put("c.callback_lag_p99_ms", pct(lag, 99));
            put("c.callback_lag_max_ms", lag[lag.length - 1]);
        }
        if (done < 0) {
            put("c.callbacks_complete", false);
            notes.add("(c) callbacks stalled: " + receiver.delivered.get() + " of " + n + " DELIVERED callbacks.");
        }
        log(String.format("  (c) %,d callbacks (%,d DELIVERED) by %.2f s after the first POST", receiver.received.get(),
                receiver.delivered.get(), (last - t0) / 1000.0));
    }

    /** A local callback receiver: answers 204 at once, counts, and keeps the lag of DELIVERED callbacks. */
    static final class Receiver {
        final HttpServer server;
        final AtomicLong received = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong lastAt = new AtomicLong();
        final AtomicLong lastDeliveredAt = new AtomicLong();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final long[] lagBuffer = new long[2_000_000];
        final AtomicInteger lagCount = new AtomicInteger();
        static final Pattern NEW_STATUS = Pattern.compile("\"newStatus\"\\s*:\\s*\"([A-Z]+)\"");
        static final Pattern AT = Pattern.compile("\"at\"\\s*:\\s*\"([^\"]+)\"");

        Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
            Receiver r = new Receiver(server);
            server.createContext("/cb", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                long now = System.currentTimeMillis();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                r.received.incrementAndGet();
                r.lastAt.accumulateAndGet(now, Math::max);
                String id = exchange.getRequestHeaders().getFirst("X-Herald-Callback-Id");
                if (id != null) {
                    r.ids.add(id);
                }
                String text = new String(body, StandardCharsets.UTF_8);
                Matcher m = NEW_STATUS.matcher(text);
                if (m.find() && m.group(1).equals("DELIVERED")) {
                    r.delivered.incrementAndGet();
                    r.lastDeliveredAt.accumulateAndGet(now, Math::max);
                    Matcher at = AT.matcher(text);
                    if (at.find()) {
                        try {
                            long lag = now - Instant.parse(at.group(1)).toEpochMilli();
                            int i = r.lagCount.getAndIncrement();
                            if (i < r.lagBuffer.length) {
                                r.lagBuffer[i] = lag;
                            }
                        } catch (RuntimeException ignored) {
                            // not an instant: no lag
                        }
                    }
                }
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            log("  callback receiver on " + r.url());
            return r;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
        }

        long[] lags() {
            long[] l = Arrays.copyOf(lagBuffer, Math.min(lagCount.get(), lagBuffer.length));
            Arrays.sort(l);
            return l;
        }

        void stop() {
            server.stop(0);
        }
    }

    // ---------------------------------------------------------------- (d) single-message latency

    static void latency() throws Exception {
        // First well below capacity, then at the target rate; each on a drained system.
        int low = (int) size("lat-low-rate", 100, 100);
        int rate = (int) size("lat-rate", 500, 500);
        int seconds = (int) size("lat-seconds", 5, 20);
        int warmup = (int) size("lat-warmup", 1, 3);
        if (low > 0) {
            sampler.begin("d.low");
            openLoop("dl", low, (int) size("lat-low-seconds", 5, 10), 1, false);
            sampler.end("d.low");
        }
        sampler.begin("d.target");
        openLoop("d", rate, seconds, warmup, false);
        sampler.end("d.target");
        // The API path alone: the same requests with a sendAt a day ahead, so nothing is sent meanwhile.
        if (!opt("lat-scheduled", "true").equals("false")) {
            sampler.begin("d.scheduled");
            openLoop("ds", rate, seconds, warmup, true);
            sampler.end("d.scheduled");
        }
    }

    /** Ids of messages the scheduled open loop left waiting, cancelled at the end on a shared database. */
    static final java.util.Queue<String> waitingIds = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Open loop: requests leave at fixed times; latency counts from the scheduled time (no coordinated omission). */
    static void openLoop(String k, int rate, int seconds, int warmup, boolean scheduled) throws Exception {
        long total = (long) rate * (seconds + warmup);
        long warm = (long) rate * warmup;
        long periodNanos = 1_000_000_000L / rate;
        AtomicLongArray latency = new AtomicLongArray((int) total);
        AtomicLongArray service = new AtomicLongArray((int) total);
        AtomicLong errors = new AtomicLong();
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        AtomicLong ok = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        // One message to one recipient, as an application sends a code or an alert.
        String[] bodies = new String[(int) total];
        String sendAt = scheduled ? Instant.now().plus(Duration.ofDays(1)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).toString() : null;
        for (int i = 0; i < total; i++) {
            bodies[i] = body(null, scheduled ? 8 : 4, i, 1, sendAt, null);
        }
        boolean keepIds = scheduled && opt("cancel-waiting", "false").equals("true");
        Pattern firstId = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
        double base = deliveredBase();
        log(String.format("  open loop: %d req/s for %d s (+%d s warm-up), latency from the scheduled send time",
                rate, seconds, warmup));
        long start = System.nanoTime() + 50_000_000L;
        long maxLag = 0;
        for (int i = 0; i < total; i++) {
            long intended = start + i * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long sentAt = System.nanoTime();
            maxLag = Math.max(maxLag, sentAt - intended);
            int index = i;
            http.sendAsync(postRequest("/api/v1/messages", bodies[i]), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((resp, error) -> {
                        long now = System.nanoTime();
                        latency.set(index, now - intended);
                        service.set(index, now - sentAt);
                        if (error != null || resp.statusCode() != 201) {
                            errors.incrementAndGet();
                            errorKinds.merge(error != null ? error.getClass().getSimpleName()
                                    : "HTTP " + resp.statusCode(), 1, Integer::sum);
                        } else {
                            ok.incrementAndGet();
                            if (keepIds) {
                                Matcher m = firstId.matcher(resp.body());
                                if (m.find()) {
                                    waitingIds.add(m.group(1));
                                }
                            }
                        }
                        done.countDown();
                    });
        }
        long sendEnd = System.nanoTime();
        if (!done.await(60, TimeUnit.SECONDS)) {
            notes.add("(" + k + ") " + done.getCount() + " requests had no answer 60 s after the last was sent; "
                    + "their latency counts as the time waited so far (a lower bound).");
        }
        long measuredAt = System.nanoTime();
        long[] lat = new long[(int) (total - warm)];
        long[] svc = new long[lat.length];
        long unanswered = 0;
        for (int i = 0; i < lat.length; i++) {
            lat[i] = latency.get((int) warm + i);
            svc[i] = service.get((int) warm + i);
            if (lat[i] == 0) {
                // No answer yet: at least this late (counting it as 0 would hide the worst requests).
                unanswered++;
                lat[i] = measuredAt - (start + (warm + i) * periodNanos);
                svc[i] = lat[i];
            }
        }
        put(k + ".unanswered", unanswered);
        Arrays.sort(lat);
        Arrays.sort(svc);
        put(k + ".rate", rate);
        put(k + ".scheduled", scheduled);
        put(k + ".seconds", seconds);
        put(k + ".warmup_seconds", warmup);
        put(k + ".requests", lat.length);
        put(k + ".errors", errors.get());
        if (!errorKinds.isEmpty()) {
            put(k + ".error_kinds", new TreeMap<>(errorKinds).toString());
        }
        put(k + ".achieved_rate", round(total * 1e9 / (sendEnd - start), 1));
        put(k + ".p50_ms", roundMs(pctN(lat, 50)));
        put(k + ".p90_ms", roundMs(pctN(lat, 90)));
        put(k + ".p99_ms", roundMs(pctN(lat, 99)));
        put(k + ".p999_ms", roundMs(pctN(lat, 99.9)));
        put(k + ".max_ms", roundMs(lat[lat.length - 1]));
        put(k + ".service_p50_ms", roundMs(pctN(svc, 50)));
        put(k + ".service_p99_ms", roundMs(pctN(svc, 99)));
        put(k + ".driver_max_send_lag_ms", roundMs(maxLag));
        log(String.format("  " + k + ": latency p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d", pctN(lat, 50) / 1e6,
                pctN(lat, 99) / 1e6, lat[lat.length - 1] / 1e6, errors.get()));
        if (scheduled) {
            return;
        }
        // Let the engine deliver them before the next scenario (by Herald's counter: one bulk per request).
        long sent = ok.get();
        if (base >= 0) {
            waitFor("(" + k + ") delivered", () -> (long) (deliveredMetric - base), sent, Duration.ofSeconds(60), 500);
        } else {
            Thread.sleep(10_000);
        }
    }

    // ---------------------------------------------------------------- (h) one HTTP POST per message to a stub

    static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Single-message API requests in a closed loop, each message handed by Herald's HTTP gateway (a provider
     * connection of type {@code http}) to a stub in this driver that answers 200 at once: the whole path of one
     * message, API to provider, with one real HTTP call per message. One phase per concurrency level.
     */
    static void stubProvider() throws Exception {
        List<Integer> levels = Arrays.stream(opt("stub-concurrency", "16,64").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        int seconds = (int) size("stub-seconds", 10, 30);
        int warmup = (int) size("stub-warmup", 2, 5);
        int drain = (int) size("stub-drain-seconds", 30, 120);
        Stub stub = Stub.start();
        String connectionId = null;
        try {
            String name = "bench-stub-" + UUID.randomUUID().toString().substring(0, 8);
            // Not the channel's default, so that the other scenarios keep going to the sandbox.
            HttpResponse<String> r = post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\","
                    + "\"channel\":\"sms\",\"default\":false,\"settings\":{\"baseUrl\":\"" + stub.url() + "\"}}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating the http provider connection failed: HTTP " + r.statusCode()
                        + " " + abbreviate(r.body(), 600)
                        + " (Herald needs --herald.providers.allow-private-addresses=true for a stub on loopback)");
            }
            Matcher m = FIRST_ID.matcher(r.body());
            connectionId = m.find() ? m.group(1) : null;
            log("  http provider connection " + name + " → stub " + stub.url());
            put("h.provider", name);
            put("h.seconds", seconds);
            put("h.warmup_seconds", warmup);
            put("h.levels", levels.toString());
            long first = 0;
            for (int c : levels) {
                String k = "h.c" + c;
                sampler.begin(k);
                try {
                    stubPhase(k, stub, name, c, warmup, seconds, drain, first);
                } finally {
                    sampler.end(k);
                }
                first += 1_000_000;
            }
        } finally {
            stub.stop();
            if (connectionId != null) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/providers/" + connectionId))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    /**
     * (r) The same bulk end to end, API to provider, once through one HTTP connection and once through a route of
     * two (WEIGHTED 1:1, each to its own stub), alternating, in the same run: what routing costs the engine.
     * The rate is messages over the time from the first POST to the last message a stub received.
     */
    static void twoProviderRoute() throws Exception {
        long n = size("route-n", 5_000, 50_000);
        int rounds = (int) size("route-rounds", 2, 3);
        Stub a = Stub.start();
        Stub b = Stub.start();
        List<String> cleanup = new ArrayList<>();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try {
            String ra = connection("bench-ra-" + suffix, a.url());
            String rb = connection("bench-rb-" + suffix, b.url());
            cleanup.add("/api/v1/providers/" + ra);
            cleanup.add("/api/v1/providers/" + rb);
            put("r.n", n);
            routePhase("warm-up", a, b, Math.min(n, 2_000), "bench-ra-" + suffix, 0);
            List<Double> single = new ArrayList<>();
            List<Double> routed = new ArrayList<>();
            long first = 10_000_000;
            for (int round = 0; round < rounds; round++) {
                single.add(routePhase("single", a, b, n, "bench-ra-" + suffix, first));
                first += n;
                HttpResponse<String> route = post("/api/v1/routes", "{\"channel\":\"sms\",\"mode\":\"WEIGHTED\","
                        + "\"connections\":[{\"connection\":\"" + ra + "\"},{\"connection\":\"" + rb + "\"}]}");
                Matcher m = FIRST_ID.matcher(route.body());
                if (route.statusCode() != 201 || !m.find()) {
                    throw new IllegalStateException("creating the route failed: HTTP " + route.statusCode() + " " + route.body());
                }
                String routeId = m.group(1);
                try {
                    // Routes are cached up to 2 s per node.
                    Thread.sleep(2_500);
                    routed.add(routePhase("route", a, b, n, null, first));
                    first += n;
                } finally {
                    delete("/api/v1/routes/" + routeId);
                    Thread.sleep(2_500);
                }
            }
            double s = single.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double r = routed.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            put("r.single_msgs_per_s", round(s, 0));
            put("r.route_msgs_per_s", round(r, 0));
            put("r.single_each", single.toString());
            put("r.route_each", routed.toString());
            put("r.route_vs_single", round(r / s, 3));
            log(String.format("  (r) single provider %,.0f msg/s, two-provider route %,.0f msg/s: %.1f %%", s, r, 100 * r / s));
        } finally {
            a.stop();
            b.stop();
            for (String path : cleanup) {
                delete(path);
            }
        }
    }

    static String connection(String name, String url) throws Exception {
        HttpResponse<String> r = post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\","
                + "\"channel\":\"sms\",\"default\":false,\"settings\":{\"baseUrl\":\"" + url + "\"}}");
        Matcher m = FIRST_ID.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("creating connection " + name + " failed: HTTP " + r.statusCode() + " "
                    + abbreviate(r.body(), 600));
        }
        return m.group(1);
    }

    static void delete(String path) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Posts {@code n} messages in requests of 1000 (4 at once) and waits until the stubs received them all. */
    static double routePhase(String label, Stub a, Stub b, long n, String provider, long first) throws Exception {
        a.reset();
        b.reset();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> posts = new ArrayList<>();
        for (long i = 0; i < n; i += 1000) {
            long from = first + i;
            int size = (int) Math.min(1000, n - i);
            posts.add(pool.submit(() -> {
                HttpResponse<String> r = post("/api/v1/messages", body(null, 11, from, size, null, null, provider, null));
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body(), 300));
                }
                return null;
            }));
        }
        for (Future<?> f : posts) {
            f.get();
        }
        pool.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (a.count.get() + b.count.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long last = Math.max(a.lastArrival.get(), b.lastArrival.get());
        long got = a.count.get() + b.count.get();
        double rate = got * 1e9 / (last - t0);
        log(String.format("  (r) %s: %,d messages (stub a %,d, b %,d) in %.2f s = %,.0f msg/s", label, got, a.count.get(),
                b.count.get(), (last - t0) / 1e9, rate));
        return round(rate, 0);
    }

    /** One closed-loop phase of (h): {@code concurrency} clients post for warm-up + seconds, then the backlog drains. */
    static void stubPhase(String k, Stub stub, String provider, int concurrency, int warmup, int seconds,
                          int drainSeconds, long firstIndex) throws Exception {
        stub.reset();
        long t0 = stub.t0;
        long steadyFrom = t0 + warmup * 1_000_000_000L;
        long stopAt = steadyFrom + seconds * 1_000_000_000L;
        AtomicLong next = new AtomicLong(firstIndex);
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        log(String.format("  (%s) %d clients, closed loop, %d s (+%d s warm-up)", k, concurrency, seconds, warmup));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                long start;
                while ((start = System.nanoTime()) < stopAt) {
                    String b = body(null, 9, next.getAndIncrement(), 1, null, null, provider, null);
                    HttpResponse<String> resp;
                    try {
                        resp = http.send(postRequest("/api/v1/messages", b), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        errorKinds.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        Thread.sleep(100);
                        continue;
                    }
                    long end = System.nanoTime();
                    if (resp.statusCode() == 201) {
                        accepted.incrementAndGet();
                        Matcher m = FIRST_ID.matcher(resp.body());
                        if (m.find()) {
                            startedAt.put(m.group(1), start);
                        }
                        if (start >= steadyFrom) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = end - start;
                        }
                    } else {
                        errors.incrementAndGet();
                        errorKinds.merge("HTTP " + resp.statusCode(), 1, Integer::sum);
                        // Backpressure (429/503): wait as asked, at most a second, instead of spinning.
                        long wait = resp.headers().firstValue("Retry-After").map(v -> {
                            try {
                                return Long.parseLong(v.trim()) * 1000;
                            } catch (NumberFormatException e) {
                                return 1000L;
                            }
                        }).orElse(100L);
                        Thread.sleep(Math.max(10, Math.min(1000, wait)));
                    }
                }
                latencies.add(Arrays.copyOf(lat, n));
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        long postEnd = System.nanoTime();
        long atStop = stub.count.get();
        long acc = accepted.get();
        // The backlog: how long after the last request until the stub has every accepted message.
        long deadline = postEnd + drainSeconds * 1_000_000_000L;
        long lastLog = System.nanoTime();
        while (stub.count.get() < acc && System.nanoTime() < deadline) {
            heraldAlive();
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                log(String.format("  (%s) stub has %,d of %,d accepted", k, stub.count.get(), acc));
                lastLog = System.nanoTime();
            }
            Thread.sleep(50);
        }
        long got = stub.count.get();
        boolean drained = got >= acc;
        long[] lat = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        // Deliveries per second while the clients post, over the steady seconds (after the warm-up).
        long[] perSecond = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            perSecond[s] = stub.perSecond.get(warmup + s);
        }
        long[] sortedRates = perSecond.clone();
        Arrays.sort(sortedRates);
        long steadyArrivals = Arrays.stream(perSecond).sum();
        // API request start → the stub received the message.
        long[] lag = startedAt.entrySet().stream().mapToLong(e -> {
            Long arrived = stub.arrivals.get(e.getKey());
            return arrived == null ? -1 : arrived - e.getValue();
        }).filter(v -> v >= 0).sorted().toArray();
        put(k + ".concurrency", concurrency);
        put(k + ".accepted", acc);
        put(k + ".requests_steady", lat.length);
        put(k + ".accepted_per_s", round(lat.length / (double) seconds, 0));
        put(k + ".stub_per_s", sortedRates.length == 0 ? null : sortedRates[sortedRates.length / 2]);
        put(k + ".stub_per_s_min", sortedRates.length == 0 ? null : sortedRates[0]);
        put(k + ".stub_per_s_max", sortedRates.length == 0 ? null : sortedRates[sortedRates.length - 1]);
        put(k + ".stub_per_s_mean", round(steadyArrivals / (double) seconds, 0));
        put(k + ".stub_per_second", Arrays.toString(perSecond));
        put(k + ".request_p50_ms", lat.length == 0 ? null : roundMs(pctN(lat, 50)));
        put(k + ".request_p99_ms", lat.length == 0 ? null : roundMs(pctN(lat, 99)));
        put(k + ".request_max_ms", lat.length == 0 ? null : roundMs(lat[lat.length - 1]));
        put(k + ".errors", errors.get());
        if (!errorKinds.isEmpty()) {
            put(k + ".error_kinds", new TreeMap<>(errorKinds).toString());
        }
        put(k + ".behind_at_stop", acc - atStop);
        put(k + ".drained", drained);
        put(k + ".backlog_seconds", drained ? round(Math.max(0, stub.lastArrival.get() - postEnd) / 1e9, 2) : null);
        put(k + ".stub_received", got);
        put(k + ".stub_requests", stub.requests.get());
        put(k + ".stub_connections", stub.connections.get());
        put(k + ".to_stub_p50_ms", lag.length == 0 ? null : roundMs(pctN(lag, 50)));
        put(k + ".to_stub_p99_ms", lag.length == 0 ? null : roundMs(pctN(lag, 99)));
        if (!drained) {
            notes.add("(" + k + ") the stub had " + got + " of " + acc + " accepted messages " + drainSeconds
                    + " s after the clients stopped.");
        }
        log(String.format("  (%s) accepted %,.0f/s; stub %s/s (median of %s); request p50 %.1f ms, p99 %.1f ms; "
                        + "%,d behind at stop, backlog %s s; %d errors", k, lat.length / (double) seconds,
                results.get(k + ".stub_per_s"), Arrays.toString(perSecond),
                lat.length == 0 ? 0 : pctN(lat, 50) / 1e6, lat.length == 0 ? 0 : pctN(lat, 99) / 1e6, acc - atStop,
                results.get(k + ".backlog_seconds"), errors.get()));
    }

    /**
     * The provider stub of (h): a minimal HTTP/1.1 server on loopback (keep-alive, Nagle off) that answers every
     * request with {@code 200 {}} at once, and counts the messages POSTed to it per second of the phase.
     */
    static final class Stub {
        static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1);
        static final int SLOTS = 3600;
        final java.net.ServerSocket server;
        final Set<java.net.Socket> sockets = ConcurrentHashMap.newKeySet();
        final AtomicLong count = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        final AtomicLong lastArrival = new AtomicLong();
        volatile long t0 = System.nanoTime();
        volatile AtomicLongArray perSecond = new AtomicLongArray(SLOTS);
        volatile Map<String, Long> arrivals = new ConcurrentHashMap<>();
        volatile boolean running = true;

        Stub(java.net.ServerSocket server) {
            this.server = server;
        }

        static Stub start() throws IOException {
            java.net.ServerSocket ss = new java.net.ServerSocket();
            ss.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1024);
            Stub stub = new Stub(ss);
            Thread.ofPlatform().daemon().name("stub-accept").start(stub::acceptLoop);
            return stub;
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        /** A new phase: counts start from zero (connections stay open). */
        void reset() {
            arrivals = new ConcurrentHashMap<>();
            perSecond = new AtomicLongArray(SLOTS);
            count.set(0);
            requests.set(0);
            connections.set(sockets.size());
            lastArrival.set(0);
            t0 = System.nanoTime();
        }

        void acceptLoop() {
            while (running) {
                try {
                    java.net.Socket c = server.accept();
                    c.setTcpNoDelay(true);
                    sockets.add(c);
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(c));
                } catch (IOException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }

        void serve(java.net.Socket c) {
            try (c) {
                Reader in = new Reader(c.getInputStream());
                java.io.OutputStream out = c.getOutputStream();
                while (running) {
                    String requestLine = in.line();
                    if (requestLine == null) {
                        return;
                    }
                    if (requestLine.isEmpty()) {
                        continue;
                    }
                    long length = 0;
                    boolean chunked = false;
                    boolean close = requestLine.endsWith("HTTP/1.0");
                    String h;
                    while ((h = in.line()) != null && !h.isEmpty()) {
                        int colon = h.indexOf(':');
                        if (colon < 0) {
                            continue;
                        }
                        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                        String value = h.substring(colon + 1).trim();
                        switch (name) {
                            case "content-length" -> length = Long.parseLong(value);
                            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                            case "connection" -> close = value.equalsIgnoreCase("close");
                            default -> { }
                        }
                    }
                    if (h == null) {
                        return;
                    }
                    byte[] body = chunked ? in.chunked() : in.bytes((int) length);
                    if (requestLine.startsWith("POST ")) {
                        arrived(body);
                    }
                    out.write(OK);
                    out.flush();
                    if (close) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection closed, or a request this stub does not read: drop the connection
            } finally {
                sockets.remove(c);
            }
        }

        /**
         * Counts the messages of one POST: one per {@code "id"} in the body (one for Herald's gateway protocol,
         * several should a batch of messages come in one request), at least one.
         */
        void arrived(byte[] body) {
            long now = System.nanoTime();
            requests.incrementAndGet();
            Matcher m = FIRST_ID.matcher(new String(body, StandardCharsets.UTF_8));
            int n = 0;
            while (m.find()) {
                arrivals.putIfAbsent(m.group(1), now);
                n++;
            }
            n = Math.max(1, n);
            long slot = (now - t0) / 1_000_000_000L;
            if (slot >= 0 && slot < SLOTS) {
                perSecond.addAndGet((int) slot, n);
            }
            lastArrival.accumulateAndGet(now, Math::max);
            count.addAndGet(n);
        }

        void stop() {
            running = false;
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
            for (java.net.Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        /** Buffered reading of request lines and bodies from one connection. */
        static final class Reader {
            final InputStream in;
            final byte[] buf = new byte[16384];
            int pos;
            int limit;

            Reader(InputStream in) {
                this.in = in;
            }

            boolean fill() throws IOException {
                pos = 0;
                limit = Math.max(0, in.read(buf));
                return limit > 0;
            }

            /** A line without its CRLF; null at the end of the stream. */
            String line() throws IOException {
                StringBuilder b = new StringBuilder(64);
                while (true) {
                    if (pos == limit && !fill()) {
                        return b.isEmpty() ? null : b.toString();
                    }
                    byte x = buf[pos++];
                    if (x == '\n') {
                        int n = b.length();
                        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                    }
                    if (b.length() > 65536) {
                        throw new IOException("header line too long");
                    }
                    b.append((char) (x & 0xff));
                }
            }

            byte[] bytes(int n) throws IOException {
                byte[] out = new byte[n];
                int off = 0;
                while (off < n) {
                    if (pos == limit && !fill()) {
                        throw new IOException("body cut short");
                    }
                    int take = Math.min(n - off, limit - pos);
                    System.arraycopy(buf, pos, out, off, take);
                    pos += take;
                    off += take;
                }
                return out;
            }

            byte[] chunked() throws IOException {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new IOException("chunk size missing");
                    }
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        String trailer;
                        while ((trailer = line()) != null && !trailer.isEmpty()) {
                            // trailers are ignored
                        }
                        return out.toByteArray();
                    }
                    out.write(bytes(n));
                    line();
                }
            }
        }
    }

    // ---------------------------------------------------------------- (i) transactional behind a bulk backlog

    /**
     * With a large bulk backlog queued, single-message (transactional) requests posted at a fixed rate: the time
     * from each request's scheduled send time to its {@code PENDING} event (handed to the provider), from the
     * database. A message that has not become {@code PENDING} within the wait counts as later than any that did.
     */
    static void behindBulk() throws Exception {
        if (pg == null) {
            put("i.skipped", "psql not available: the PENDING time is read from message_status_event");
            return;
        }
        long queued = size("bulk-queued", 30_000, 500_000);
        int rate = (int) size("bulk-probe-rate", 50, 50);
        int seconds = (int) size("bulk-probe-seconds", 10, 20);
        int waitSeconds = (int) size("bulk-probe-wait-seconds", 20, 60);
        String priority = opt("bulk-priority", "bulk");
        if (priority.equals("none")) {
            priority = null;
        }
        int concurrency = (int) size("concurrency", 4, 4);
        String bulkId = UUID.randomUUID().toString();
        List<String> groups = Collections.synchronizedList(new ArrayList<>());
        long[] window = new long[2];
        // 1. The backlog: due now, so the engine starts on it at once and is still busy with it below.
        sampler.begin("i.queue");
        postBatches(bulkId, 0, queued, 1000, concurrency, null, null, window, groups, priority);
        sampler.end("i.queue");
        put("i.queued", queued);
        put("i.priority", priority == null ? "(default)" : priority);
        put("i.queue_seconds", round((window[1] - window[0]) / 1000.0, 2));
        put("i.queue_dest_per_s", round(queued * 1000.0 / (window[1] - window[0]), 0));
        long waitingBefore = count(bulkId, "CREATED");
        put("i.bulk_waiting_at_start", waitingBefore);
        log(String.format("  %,d bulk messages queued in %.1f s; %,d not yet claimed", queued,
                (window[1] - window[0]) / 1000.0, waitingBefore));

        // 2. Transactional probes at a fixed rate, open loop (one destination each, no bulkId, no priority: the
        //    default lane of a small API send).
        int total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        String[] ids = new String[total];
        long[] intendedMs = new long[total];
        AtomicLongArray apiLatency = new AtomicLongArray(total);
        AtomicLong errors = new AtomicLong();
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(total);
        sampler.begin("i.probes");
        long startNanos = System.nanoTime() + 50_000_000L;
        long startMs = System.currentTimeMillis() + 50;
        for (int i = 0; i < total; i++) {
            long intended = startNanos + i * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            intendedMs[i] = startMs + i * periodNanos / 1_000_000;
            int index = i;
            http.sendAsync(postRequest("/api/v1/messages", body(null, 9, 8_000_000L + i, 1, null, null)),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
                        apiLatency.set(index, System.nanoTime() - intended);
                        if (error != null || resp.statusCode() != 201) {
                            errors.incrementAndGet();
                            errorKinds.merge(error != null ? error.getClass().getSimpleName()
                                    : "HTTP " + resp.statusCode(), 1, Integer::sum);
                        } else {
                            Matcher m = FIRST_ID.matcher(resp.body());
                            if (m.find()) {
                                ids[index] = m.group(1);
                            }
                        }
                        answered.countDown();
                    });
        }
        if (!answered.await(60, TimeUnit.SECONDS)) {
            notes.add("(i) " + answered.getCount() + " probe requests had no answer 60 s after the last was sent.");
        }
        long lastProbeMs = intendedMs[total - 1];
        List<String> probeIds = Arrays.stream(ids).filter(java.util.Objects::nonNull).toList();
        String idArray = "'{" + String.join(",", probeIds) + "}'::uuid[]";
        String pendingCount = "SELECT count(DISTINCT message_id) FROM message_status_event WHERE status = 'PENDING' "
                + "AND message_id = ANY(" + idArray + ")";
        long reached = 0;
        long lastLog = 0;
        while (System.currentTimeMillis() < lastProbeMs + waitSeconds * 1000L) {
            heraldAlive();
            reached = Long.parseLong(pg.query(pendingCount));
            if (reached >= probeIds.size()) {
                break;
            }
            if (System.currentTimeMillis() - lastLog > 5000) {
                log(String.format("  (i) %,d of %,d probes PENDING", reached, probeIds.size()));
                lastLog = System.currentTimeMillis();
            }
            Thread.sleep(500);
        }
        long waitingAfter = count(bulkId, "CREATED");
        sampler.end("i.probes");

        // 3. Time to PENDING per probe; those not PENDING within the wait are later than every measured one.
        Map<String, Long> pendingAt = new java.util.HashMap<>();
        for (String line : pg.query("SELECT message_id, (extract(epoch FROM min(at)) * 1000)::bigint "
                + "FROM message_status_event WHERE status = 'PENDING' AND message_id = ANY(" + idArray + ") "
                + "GROUP BY message_id").split("\n")) {
            String[] f = line.split("\\|");
            if (f.length == 2) {
                pendingAt.put(f[0].trim(), Long.parseLong(f[1].trim()));
            }
        }
        long[] toPending = new long[total];
        for (int i = 0; i < total; i++) {
            Long at = ids[i] == null ? null : pendingAt.get(ids[i]);
            toPending[i] = at == null ? Long.MAX_VALUE : Math.max(0, at - intendedMs[i]);
        }
        Arrays.sort(toPending);
        long[] api = new long[total];
        for (int i = 0; i < total; i++) {
            api[i] = apiLatency.get(i);
        }
        Arrays.sort(api);
        long missing = Arrays.stream(toPending).filter(v -> v == Long.MAX_VALUE).count();
        put("i.probe_rate", rate);
        put("i.probe_seconds", seconds);
        put("i.probes", total);
        put("i.probes_pending", total - missing);
        put("i.wait_seconds", waitSeconds);
        put("i.pending_p50_ms", censored(pct(toPending, 50)));
        put("i.pending_p99_ms", censored(pct(toPending, 99)));
        put("i.pending_max_ms", censored(toPending[total - 1]));
        put("i.api_p50_ms", roundMs(pctN(api, 50)));
        put("i.api_p99_ms", roundMs(pctN(api, 99)));
        put("i.errors", errors.get());
        if (!errorKinds.isEmpty()) {
            put("i.error_kinds", new TreeMap<>(errorKinds).toString());
        }
        put("i.bulk_waiting_at_end", waitingAfter);
        put("i.bulk_claimed_during_probes", waitingBefore - waitingAfter);
        log(String.format("  (i) %,d of %,d probes PENDING within %d s of the last; to PENDING p50 %s, p99 %s, "
                        + "max %s ms; bulk not yet claimed %,d → %,d", total - missing, total, waitSeconds,
                results.get("i.pending_p50_ms"), results.get("i.pending_p99_ms"), results.get("i.pending_max_ms"),
                waitingBefore, waitingAfter));

        // 4. The backlog stays queued: (i) runs last, and Herald is stopped after it. On a database that outlives
        //    the run, cancel it group by group, so that no later Herald sends it.
        if (!opt("cancel-waiting", "false").equals("true")) {
            return;
        }
        sampler.begin("i.cancel");
        long c0 = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<HttpResponse<String>>> cancels = new ArrayList<>();
        for (String g : new ArrayList<>(groups)) {
            cancels.add(pool.submit(() -> post("/api/v1/messages/cancel", "{\"groupId\":\"" + g + "\"}")));
        }
        for (Future<HttpResponse<String>> f : cancels) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() != 200) {
                log("  cancel failed: HTTP " + r.statusCode() + " " + abbreviate(r.body(), 300));
            }
        }
        pool.shutdown();
        put("i.cancel_seconds", round((System.currentTimeMillis() - c0) / 1000.0, 1));
        put("i.bulk_cancelled", count(bulkId, "CANCELLED"));
        sampler.end("i.cancel");
    }

    /** A latency in ms, or null when it is beyond the wait (a message that never got there in time). */
    static Long censored(long ms) {
        return ms == Long.MAX_VALUE ? null : ms;
    }

    // ---------------------------------------------------------------- (e) scheduled lateness

    static void scheduled() throws Exception {
        long waiting = size("sched-waiting", 30_000, 1_000_000);
        int probeRate = (int) size("sched-probe-rate", 500, 500);
        int probeSeconds = (int) size("sched-probe-seconds", 5, 30);
        long burst = size("sched-burst", 2_000, 20_000);
        int batch = (int) size("sched-batch", 1000, 1000);
        int concurrency = (int) size("concurrency", 4, 4);
        // 1. The waiting set: due in a day, so it waits through the whole measurement.
        String waitingBulk = UUID.randomUUID().toString();
        String far = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        long[] window = new long[2];
        List<String> groups = new ArrayList<>();
        sampler.begin("e.insert");
        long[] lat = postBatches(waitingBulk, 5, waiting, batch, concurrency, far, null, window, groups);
        sampler.end("e.insert");
        long ms = window[1] - window[0];
        Arrays.sort(lat);
        put("e.waiting", waiting);
        put("e.insert_seconds", round(ms / 1000.0, 2));
        put("e.insert_dest_per_s", round(waiting * 1000.0 / ms, 0));
        put("e.insert_request_p99_ms", pct(lat, 99));
        log(String.format("  %,d scheduled messages stored in %.1f s = %,.0f /s", waiting, ms / 1000.0,
                waiting * 1000.0 / ms));
        if (pg == null) {
            put("e.skipped", "psql not available: lateness needs message_group.send_at");
            return;
        }
        // 2. Probes due at a steady rate (probeRate per second, in one group per second), then a burst due at
        //    one instant; all are posted before the first is due.
        String probeBulk = UUID.randomUUID().toString();
        String burstBulk = UUID.randomUUID().toString();
        long probes = (long) probeRate * probeSeconds;
        long postEstimateMs = Math.max(3000, (long) ((probes + burst) * 1000.0 / Math.max(1, waiting * 1000.0 / ms) * 2));
        Instant t0 = Instant.now().plusMillis(postEstimateMs + 2000).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant burstAt = t0.plusSeconds(probeSeconds + 3);
        put("e.probe_rate", probeRate);
        put("e.probe_seconds", probeSeconds);
        put("e.probes", probes);
        put("e.burst", burst);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        // Create both bulks first, then post the rest in parallel.
        posts.add(CompletableFutureLike.done(post("/api/v1/messages",
                body(probeBulk, 6, 0, Math.min(probeRate, 1000), t0.toString(), null))));
        posts.add(CompletableFutureLike.done(post("/api/v1/messages",
                body(burstBulk, 7, 0, (int) Math.min(burst, batch), burstAt.toString(), null))));
        for (int s = 0; s < probeSeconds; s++) {
            for (int off = (s == 0 ? Math.min(probeRate, 1000) : 0); off < probeRate; off += 1000) {
                String b = body(probeBulk, 6, (long) s * probeRate + off, Math.min(1000, probeRate - off),
                        t0.plusSeconds(s).toString(), null);
                posts.add(pool.submit(() -> post("/api/v1/messages", b)));
            }
        }
        for (long first = Math.min(burst, batch); first < burst; first += batch) {
            String b = body(burstBulk, 7, first, (int) Math.min(batch, burst - first), burstAt.toString(), null);
            posts.add(pool.submit(() -> post("/api/v1/messages", b)));
        }
        for (Future<HttpResponse<String>> f : posts) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() != 201) {
                throw new IllegalStateException("scheduled POST failed: HTTP " + r.statusCode() + " " + abbreviate(r.body(), 400));
            }
        }
        pool.shutdown();
        long postedAt = System.currentTimeMillis();
        put("e.posted_before_first_due_ms", t0.toEpochMilli() - postedAt);
        if (postedAt > t0.toEpochMilli() - 1000) {
            notes.add("(e) the probes were still being posted when the first became due; early probes may be late.");
        }
        log(String.format("  %,d probes (%d/s from %s) and a burst of %,d at %s posted; waiting",
                probes, probeRate, t0, burst, burstAt));
        sampler.begin("e.due");
        waitUntil(t0.toEpochMilli());
        long all = probes + burst;
        String sentStatuses = "SENT,DELIVERED,UNDELIVERED,FAILED,EXPIRED";
        waitUntil(burstAt.toEpochMilli());
        waitFor("(e) probes and burst sent", () -> count(probeBulk, sentStatuses) + count(burstBulk, sentStatuses),
                all, Duration.ofSeconds(60), 1000);
        sampler.end("e.due");
        lateness("e.probe", probeBulk, probes);
        lateness("e.burst", burstBulk, burst);
        long stillWaiting = Long.parseLong(pg.query("SELECT count(*) FROM message WHERE bulk_id = '" + waitingBulk
                + "' AND status = 'DELAYED'"));
        put("e.waiting_still_delayed", stillWaiting);
        if (opt("cancel-waiting", "false").equals("true")) {
            log("  cancelling the waiting set, group by group");
            long c0 = System.currentTimeMillis();
            for (String g : groups) {
                post("/api/v1/messages/cancel", "{\"groupId\":\"" + g + "\"}");
            }
            List<String> ids = new ArrayList<>(waitingIds);
            for (int i = 0; i < ids.size(); i += 10_000) {
                String list = String.join("\",\"", ids.subList(i, Math.min(ids.size(), i + 10_000)));
                post("/api/v1/messages/cancel", "{\"ids\":[\"" + list + "\"]}");
            }
            put("e.cancel_seconds", round((System.currentTimeMillis() - c0) / 1000.0, 1));
        }
    }

    static void lateness(String key, String bulkId, long expected) {
        // Lateness = when the message was recorded SENT (handed to and accepted by the sandbox) - its sendAt.
        String row = pg.query("""
                SELECT count(m.sent_at),
                       round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY m.sent_at - g.send_at))),
                       round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY m.sent_at - g.send_at))),
                       round(1000 * extract(epoch FROM max(m.sent_at - g.send_at))),
                       round(1000 * extract(epoch FROM min(m.sent_at - g.send_at))),
                       round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY e.at - g.send_at))),
                       round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY e.at - g.send_at)))
                FROM message m JOIN message_group g ON g.id = m.group_id
                LEFT JOIN LATERAL (SELECT min(at) AS at FROM message_status_event s
                                   WHERE s.message_id = m.id AND s.status = 'PENDING') e ON true
                WHERE m.bulk_id = '%s'""".formatted(bulkId));
        String[] f = row.split("\\|", -1);
        put(key + "_sent", Long.parseLong(f[0]));
        put(key + "_late_p50_ms", parseOrNull(f[1]));
        put(key + "_late_p99_ms", parseOrNull(f[2]));
        put(key + "_late_max_ms", parseOrNull(f[3]));
        put(key + "_late_min_ms", parseOrNull(f[4]));
        put(key + "_pending_p50_ms", parseOrNull(f[5]));
        put(key + "_pending_p99_ms", parseOrNull(f[6]));
        if (Long.parseLong(f[0]) < expected) {
            notes.add("(" + key + ") only " + f[0] + " of " + expected + " were sent when measured.");
        }
        log(String.format("  %s: %s of %,d sent; lateness p50 %s ms, p99 %s ms, max %s ms", key, f[0], expected, f[1],
                f[2], f[3]));
    }

    static Long parseOrNull(String s) {
        return s == null || s.isBlank() ? null : Long.parseLong(s.trim());
    }

    static void waitUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** A finished Future, so that sequential and pooled POSTs can be checked the same way. */
    static final class CompletableFutureLike {
        static <T> Future<T> done(T value) {
            return java.util.concurrent.CompletableFuture.completedFuture(value);
        }
    }

    // ---------------------------------------------------------------- (f) memory

    static void memory() {
        put("f.herald_rss_peak_mib", sampler.hwmKb() < 0 ? null : round(sampler.hwmKb() / 1024.0, 0));
        put("f.herald_rss_max_sampled_mib", round(sampler.maxRssKb / 1024.0, 0));
        put("f.heap_used_peak_mib", round(sampler.maxHeap / 1048576.0, 0));
        put("f.heap_committed_peak_mib", round(sampler.maxHeapCommitted / 1048576.0, 0));
        put("f.heap_max_mib", sampler.heapMax <= 0 ? null : round(sampler.heapMax / 1048576.0, 0));
        put("f.postgres_rss_max_sampled_mib", sampler.pgPid == 0 ? null : round(sampler.maxPgRssKb / 1024.0, 0));
        put("f.samples", sampler.samples.get());
    }

    // ---------------------------------------------------------------- sampling (CPU, memory, pool)

    /**
     * Samples once a second: machine CPU (/proc/stat), CPU of Herald's JVM, of the PostgreSQL server's processes
     * and of this driver, Herald's RSS, heap and connection pool (from /actuator/prometheus).
     */
    static final class Sampler extends Thread {
        final long heraldPid;
        final long pgPid;
        final long ticksPerSecond;
        volatile boolean running = true;
        final AtomicLong samples = new AtomicLong();
        volatile long maxRssKb;
        volatile long maxPgRssKb;
        volatile double maxHeap;
        volatile double maxHeapCommitted;
        volatile double heapMax;
        final Map<String, Snapshot> starts = new ConcurrentHashMap<>();
        final Map<String, double[]> peaks = new ConcurrentHashMap<>(); // heap, rss, hikari pending, hikari active

        Sampler(long heraldPid, long pgPid) {
            super("sampler");
            setDaemon(true);
            this.heraldPid = heraldPid;
            this.pgPid = pgPid;
            long tck = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
                tck = Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
            } catch (Exception ignored) {
                // 100 on Linux
            }
            ticksPerSecond = tck;
        }

        record Snapshot(long wallNanos, long machineBusy, long machineTotal, long herald, long postgres,
                        long driverNanos) {}

        Snapshot snapshot() {
            long[] cpu = machineCpu();
            return new Snapshot(System.nanoTime(), cpu[0], cpu[1], heraldPid > 0 ? processTicks(heraldPid) : 0,
                    pgPid > 0 ? postgresTicks() : 0, driverCpuNanos());
        }

        static long driverCpuNanos() {
            return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        final Map<String, long[]> dbStarts = new ConcurrentHashMap<>();
        final Map<String, Map<String, Integer>> waits = new ConcurrentHashMap<>();
        final Map<String, Map<String, Integer>> statements = new ConcurrentHashMap<>();

        /** Herald's peak RSS (VmHWM) over the whole run, and over each scenario still running; kB. */
        long hwmPeakKb = -1;
        final Map<String, Long> hwmOpen = new ConcurrentHashMap<>();
        /** Whether VmHWM can be reset (/proc/PID/clear_refs), so that each scenario gets its own peak. */
        volatile boolean hwmResets = true;

        /**
         * Reads Herald's VmHWM into the run's and every running scenario's peak, then resets it to the current RSS
         * (writing 5 to /proc/PID/clear_refs), so that the next reading covers only the time since this one.
         */
        synchronized void hwmCheckpoint() {
            if (heraldPid <= 0) {
                return;
            }
            long v = statusKb(heraldPid, "VmHWM");
            if (v < 0) {
                return;
            }
            hwmPeakKb = Math.max(hwmPeakKb, v);
            hwmOpen.replaceAll((k, peak) -> Math.max(peak, v));
            if (hwmResets) {
                try {
                    Files.writeString(Path.of("/proc/" + heraldPid + "/clear_refs"), "5");
                } catch (IOException | RuntimeException e) {
                    hwmResets = false;
                    notes.add("VmHWM could not be reset (" + e.getMessage() + "): the per-scenario RSS peaks are "
                            + "Herald's peak since it started.");
                }
            }
        }

        void begin(String scenario) {
            hwmCheckpoint();
            hwmOpen.put(scenario, 0L);
            starts.put(scenario, snapshot());
            peaks.put(scenario, new double[4]);
            if (pg != null) {
                try {
                    dbStarts.put(scenario, pg.dbStats());
                    waits.put(scenario, new ConcurrentHashMap<>());
                    statements.put(scenario, new ConcurrentHashMap<>());
                } catch (RuntimeException e) {
                    log("no database statistics for " + scenario + ": " + e.getMessage());
                }
            }
        }

        /** Database work done during a scenario: transactions, rows written, WAL (from pg_stat_database). */
        void endDb(String scenario) {
            long[] a = dbStarts.remove(scenario);
            Map<String, Integer> w = waits.remove(scenario);
            Map<String, Integer> q = statements.remove(scenario);
            if (a == null) {
                return;
            }
            try {
                Thread.sleep(1100); // backends report their counters at most once a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long[] b;
            try {
                b = pg.dbStats();
            } catch (RuntimeException e) {
                log("no database statistics for " + scenario + ": " + e.getMessage());
                return;
            }
            String k = "db." + scenario;
            put(k + ".transactions", b[0] - a[0]);
            put(k + ".rows_inserted", b[1] - a[1]);
            put(k + ".rows_updated", b[2] - a[2]);
            put(k + ".rows_deleted", b[3] - a[3]);
            put(k + ".rows_read", b[4] - a[4] + b[5] - a[5]);
            put(k + ".wal_mib", round((b[6] - a[6]) / 1048576.0, 1));
            int total = w.values().stream().mapToInt(Integer::intValue).sum();
            if (total > 0) {
                StringBuilder top = new StringBuilder();
                w.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(6).forEach(e ->
                        top.append(top.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                                .append(Math.round(100.0 * e.getValue() / total)).append('%'));
                put(k + ".backend_states", top.toString());
            }
            if (q != null && !q.isEmpty()) {
                // The statements Herald's connections were seen in (not idle between transactions), most often first.
                StringBuilder top = new StringBuilder();
                q.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(8).forEach(e ->
                        top.append(top.isEmpty() ? "" : " | ").append(e.getValue()).append("× ").append(e.getKey()));
                put(k + ".statements_seen", top.toString());
            }
        }

        void end(String scenario) {
            hwmCheckpoint();
            Long hwm = hwmOpen.remove(scenario);
            put("cpu." + scenario + ".rss_hwm_mib", hwm == null || hwm <= 0 ? null : round(hwm / 1024.0, 0));
            endCpu(scenario);
            if (pg != null) {
                endDb(scenario);
            }
        }

        void endCpu(String scenario) {
            Snapshot a = starts.get(scenario);
            Snapshot b = snapshot();
            double wall = (b.wallNanos - a.wallNanos) / 1e9;
            if (wall <= 0) {
                return;
            }
            double total = b.machineTotal - a.machineTotal;
            String k = "cpu." + scenario;
            put(k + ".seconds", round(wall, 1));
            put(k + ".machine_busy_pct", total <= 0 ? null : round(100.0 * (b.machineBusy - a.machineBusy) / total, 0));
            double herald = (b.herald - a.herald) / (double) ticksPerSecond / wall;
            double postgres = (b.postgres - a.postgres) / (double) ticksPerSecond / wall;
            double driver = (b.driverNanos - a.driverNanos) / 1e9 / wall;
            double cores = Runtime.getRuntime().availableProcessors();
            double busyCores = total <= 0 ? Double.NaN : cores * (b.machineBusy - a.machineBusy) / total;
            put(k + ".herald_cores", heraldPid > 0 ? round(herald, 2) : null);
            put(k + ".postgres_cores", pgPid > 0 ? round(postgres, 2) : null);
            put(k + ".driver_cores", round(driver, 2));
            put(k + ".other_cores", round(busyCores - herald - (pgPid > 0 ? postgres : 0) - driver, 2));
            double[] p = peaks.get(scenario);
            put(k + ".heap_peak_mib", round(p[0] / 1048576.0, 0));
            put(k + ".rss_peak_mib", round(p[1] / 1024.0, 0));
            put(k + ".hikari_pending_max", p[2]);
            put(k + ".hikari_active_max", p[3]);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    long rss = heraldPid > 0 ? statusKb(heraldPid, "VmRSS") : 0;
                    long pgRss = pgPid > 0 ? postgresRssKb() : 0;
                    double[] m = prometheus();
                    deliveredMetric = m[5];
                    maxRssKb = Math.max(maxRssKb, rss);
                    maxPgRssKb = Math.max(maxPgRssKb, pgRss);
                    maxHeap = Math.max(maxHeap, m[0]);
                    maxHeapCommitted = Math.max(maxHeapCommitted, m[1]);
                    heapMax = Math.max(heapMax, m[2]);
                    for (double[] p : peaks.values()) {
                        p[0] = Math.max(p[0], m[0]);
                        p[1] = Math.max(p[1], rss);
                        p[2] = Math.max(p[2], m[3]);
                        p[3] = Math.max(p[3], m[4]);
                    }
                    samples.incrementAndGet();
                    if (pg != null && !waits.isEmpty() && samples.get() % 2 == 0) {
                        sampleBackends();
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        }

        /** What Herald's database connections are doing: state and wait event, counted per scenario. */
        void sampleBackends() {
            String rows = pg.query("""
                    SELECT state || coalesce(' ' || wait_event_type || ':' || wait_event, ''),
                           CASE WHEN state = 'idle' THEN '' ELSE regexp_replace(left(query, 60), '\\s+', ' ', 'g') END
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database()
                      AND coalesce(application_name, '') NOT IN ('pgbench', 'psql')""");
            for (String line : rows.split("\n")) {
                int bar = line.indexOf('|');
                if (bar > 0) {
                    String state = line.substring(0, bar);
                    String query = line.substring(bar + 1).replace('|', '/');
                    for (Map<String, Integer> w : waits.values()) {
                        w.merge(state, 1, Integer::sum);
                    }
                    if (!query.isBlank()) {
                        for (Map<String, Integer> q : statements.values()) {
                            q.merge(state + " — " + query, 1, Integer::sum);
                        }
                    }
                }
            }
        }

        void stopSampling() {
            running = false;
            interrupt();
        }

        /** Herald's peak RSS since it started (the maximum of every reading between resets). */
        long hwmKb() {
            hwmCheckpoint();
            return hwmPeakKb;
        }

        /** heap used, heap committed, heap max, hikari pending, hikari active. */
        static double[] prometheus() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            double used = 0, committed = 0, max = 0, pending = 0, active = 0, delivered = -1;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.contains("area=\"heap\"")) {
                    if (line.startsWith("jvm_memory_used_bytes{")) {
                        used += value(line);
                    } else if (line.startsWith("jvm_memory_committed_bytes{")) {
                        committed += value(line);
                    } else if (line.startsWith("jvm_memory_max_bytes{")) {
                        double v = value(line);
                        if (v > 0) {
                            max += v;
                        }
                    }
                } else if (line.startsWith("hikaricp_connections_pending{")) {
                    pending += value(line);
                } else if (line.startsWith("hikaricp_connections_active{")) {
                    active += value(line);
                } else if (line.startsWith("herald_messages_status_total{") && line.contains("status=\"DELIVERED\"")) {
                    delivered = Math.max(delivered, 0) + value(line);
                }
            }
            return new double[] {used, committed, max, pending, active, delivered};
        }

        static double value(String line) {
            String v = line.substring(line.lastIndexOf(' ') + 1);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        static long[] machineCpu() {
            try {
                String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
                String[] f = first.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (Exception e) {
                return new long[] {0, 0};
            }
        }

        /** utime + stime of one process, in clock ticks; [ppid, ticks, rssPages] via statFields. */
        static long processTicks(long pid) {
            long[] s = statFields(pid);
            return s == null ? 0 : s[1];
        }

        static long[] statFields(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime (15),
                // f[13] = cutime (16), f[14] = cstime (17): children already reaped, f[21] = rss (24)
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                        Long.parseLong(f[21]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
            } catch (Exception e) {
                return null;
            }
        }

        /**
         * CPU ticks of the postmaster and its children (backends, checkpointer, walwriter, ...), including
         * backends that have exited since (the postmaster reaps them, so their time is in its cutime/cstime).
         */
        long postgresTicks() {
            long sum = 0;
            for (long[] s : postgresProcesses()) {
                sum += s[1];
            }
            long[] postmaster = statFields(pgPid);
            return sum + (postmaster == null ? 0 : postmaster[3]);
        }

        long postgresRssKb() {
            // RSS counts shared buffers once per backend that touched them; this is an upper bound.
            long max = 0;
            for (long[] s : postgresProcesses()) {
                max = Math.max(max, s[2] * 4);
            }
            return max;
        }

        List<long[]> postgresProcesses() {
            List<long[]> list = new ArrayList<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                dirs.forEach(d -> {
                    String name = d.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        return;
                    }
                    long pid = Long.parseLong(name);
                    long[] s = statFields(pid);
                    if (s != null && (pid == pgPid || s[0] == pgPid)) {
                        list.add(s);
                    }
                });
            } catch (IOException ignored) {
                // no /proc
            }
            return list;
        }

        static long statusKb(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- psql / pgbench

    static final class Pg {
        final String host;
        final String port;
        final String user;
        final String db;

        Pg(String host, String port, String user, String db) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.db = db;
        }

        List<String> conn() {
            return List.of("-h", host, "-p", port, "-U", user);
        }

        String query(String sql) {
            List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"));
            cmd.addAll(conn());
            cmd.addAll(List.of("-d", db, "-c", sql));
            return run(cmd).trim();
        }

        void runFile(Path file) {
            List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
            cmd.addAll(conn());
            cmd.addAll(List.of("-d", db, "-f", file.toString()));
            run(cmd);
        }

        void pgbench(Path script, int clients, long transactions, Map<String, String> vars) {
            List<String> cmd = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(clients),
                    "-j", String.valueOf(Math.min(clients, 2)), "-t", String.valueOf(transactions)));
            vars.forEach((k, v) -> cmd.addAll(List.of("-D", k + "=" + v)));
            cmd.addAll(conn());
            cmd.addAll(List.of("-f", script.toString(), db));
            // Herald accepts messages with durable commits and does its delivery bookkeeping with
            // synchronous_commit = off (dev.herald.db.RelaxedTransactions); the baseline does the same.
            boolean relaxed = script.getFileName().toString().startsWith("process")
                    && !opt("raw-durable", "false").equals("true");
            String output = run(cmd, relaxed ? Map.of("PGOPTIONS", "-c synchronous_commit=off") : Map.of());
            if (output.contains("aborted") && !output.contains("number of failed transactions: 0")
                    && output.matches("(?s).*number of transactions actually processed: (\\d+)/(\\d+).*")) {
                Matcher m = Pattern.compile("actually processed: (\\d+)/(\\d+)").matcher(output);
                if (m.find() && !m.group(1).equals(m.group(2))) {
                    throw new IllegalStateException("pgbench aborted: " + output);
                }
            }
        }

        String run(List<String> cmd) {
            return run(cmd, Map.of());
        }

        String run(List<String> cmd, Map<String, String> env) {
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().putAll(env);
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd.subList(0, 1)) + " failed: " + abbreviate(output, 2000));
                }
                return output;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** transactions, inserted, updated, deleted, returned, fetched, WAL bytes written so far. */
        long[] dbStats() {
            String[] f = query("""
                    SELECT xact_commit + xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned, tup_fetched,
                           pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
                    FROM pg_stat_database WHERE datname = current_database()""").split("\\|");
            long[] v = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = Long.parseLong(f[i].trim());
            }
            return v;
        }

        /** The postmaster's pid, from postmaster.pid in its data directory, when the server runs on this machine. */
        long postmasterPid() {
            try {
                String dir = query("SHOW data_directory");
                List<String> lines = Files.readAllLines(Path.of(dir, "postmaster.pid"));
                return Long.parseLong(lines.get(0).trim());
            } catch (Exception e) {
                return 0;
            }
        }
    }

    // ---------------------------------------------------------------- numbers

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long pctN(long[] sorted, double p) {
        return pct(sorted, p);
    }

    static double roundMs(long nanos) {
        return round(nanos / 1e6, 1);
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // ---------------------------------------------------------------- report

    static final class Report {

        static void write() throws IOException {
            if (!notes.isEmpty()) {
                put("notes", String.join(" | ", notes));
            }
            Files.writeString(out.resolve("results.json"), Json.write(results) + "\n");
            StringBuilder tsv = new StringBuilder();
            results.forEach((k, v) -> tsv.append(k).append('\t').append(v == null ? "" : String.valueOf(v)
                    .replace('\t', ' ').replace('\n', ' ')).append('\n'));
            Files.writeString(out.resolve("results.tsv"), tsv.toString());
            String md = markdown(results, notes, 1);
            Files.writeString(out.resolve("results.md"), md);
            System.out.println(md);
        }

        static String fmt(Object v) {
            if (v == null) {
                return "n/a";
            }
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isNaN(d)) {
                    return "n/a";
                }
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    return String.format(Locale.ROOT, "%,d", (long) d).replace(',', ' ');
                }
                return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : "%.2f", d).replace(',', ' ');
            }
            return String.valueOf(v);
        }

        static String ratio(Map<String, Object> r, String a, String b) {
            Object x = r.get(a);
            Object y = r.get(b);
            if (x instanceof Number nx && y instanceof Number ny && ny.doubleValue() > 0) {
                return String.format(Locale.ROOT, "%.2f", nx.doubleValue() / ny.doubleValue());
            }
            return "n/a";
        }

        static String pass(Object v, double target, boolean atLeast) {
            if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
                return "";
            }
            boolean ok = atLeast ? n.doubleValue() >= target : n.doubleValue() < target;
            return ok ? " ✅" : " ❌";
        }

        /** The results table; {@code runs} > 1 when the values are medians. */
        static String markdown(Map<String, Object> r, List<String> notes, int runs) {
            StringBuilder b = new StringBuilder();
            b.append("## Herald benchmark: ").append(r.get("env.label")).append(", ").append(r.get("env.mode"))
                    .append(" mode").append(runs > 1 ? ", median of " + runs + " runs" : "").append("\n\n");
            b.append("Date ").append(r.get("env.date")).append("; ").append(r.get("env.nproc")).append(" CPUs (")
                    .append(r.get("env.cpu_model")).append("), ").append(r.get("env.mem_gib")).append(" GiB; ")
                    .append(r.get("env.postgres")).append("; Herald on ").append(r.get("env.herald_jdk"))
                    .append("; load average at start ").append(r.get("env.loadavg_start")).append("; git ")
                    .append(r.get("env.git_rev")).append("; sandbox report delay ").append(r.get("env.report_delay"))
                    .append(".\n\n");
            b.append("| | Scenario | Result | Target | Ratio to raw SQL |\n|---|---|---|---|---|\n");
            row(b, "a", "Intake, " + fmt(r.get("a.batch")) + " destinations per POST, " + fmt(r.get("a.concurrency"))
                    + " in flight (" + fmt(r.get("a.n")) + ")",
                    fmt(r.get("a.dest_per_s")) + " destinations/s (request p50 " + fmt(r.get("a.request_p50_ms"))
                            + " ms, p99 " + fmt(r.get("a.request_p99_ms")) + " ms)",
                    "≥ 20 000/s" + pass(r.get("a.dest_per_s"), 20_000, true),
                    ratio(r, "a.dest_per_s", "g.insert_rows_per_s") + " of raw insert (" + fmt(r.get("g.insert_rows_per_s")) + "/s)");
            row(b, "a′", "Intake of scheduled messages (engine idle), " + fmt(r.get("e.waiting")) + " in batches of 1 000",
                    fmt(r.get("e.insert_dest_per_s")) + " destinations/s", "",
                    ratio(r, "e.insert_dest_per_s", "g.insert_rows_per_s") + " of raw insert");
            row(b, "b", "End to end, accepted → sandbox → DELIVERED (" + fmt(r.get("b.n")) + ")",
                    fmt(r.get("b.msgs_per_s")) + " messages/s (" + fmt(r.get("b.seconds")) + " s; intake took "
                            + fmt(r.get("b.intake_seconds")) + " s; all SENT after " + fmt(r.get("b.sent_seconds"))
                            + " s = " + fmt(r.get("b.sent_msgs_per_s")) + "/s)",
                    "≥ 5 000/s" + pass(r.get("b.msgs_per_s"), 5_000, true),
                    ratio(r, "b.msgs_per_s", "g.lifecycle_rows_per_s") + " of raw batched lifecycle ("
                            + fmt(r.get("g.lifecycle_rows_per_s")) + "/s); "
                            + ratio(r, "b.msgs_per_s", "g.pm_lifecycle_rows_per_s") + " of raw per-message ("
                            + fmt(r.get("g.pm_lifecycle_rows_per_s")) + "/s)");
            String c;
            if (Boolean.FALSE.equals(r.get("c.available")) || "false".equals(String.valueOf(r.get("c.available")))) {
                c = "callbacks not available (DELIVERED at " + fmt(r.get("c.msgs_per_s")) + " messages/s)";
            } else {
                c = fmt(r.get("c.e2e_msgs_per_s")) + " messages/s to the last DELIVERED callback; DELIVERED stored at "
                        + fmt(r.get("c.msgs_per_s")) + "/s; " + fmt(r.get("c.callbacks_received")) + " callbacks at "
                        + fmt(r.get("c.callbacks_per_s")) + "/s, lag p50 " + fmt(r.get("c.callback_lag_p50_ms"))
                        + " ms, p99 " + fmt(r.get("c.callback_lag_p99_ms")) + " ms";
            }
            row(b, "c", "End to end with callbacks to a local receiver (" + fmt(r.get("c.n")) + ")", c, "",
                    ratio(r, "c.e2e_msgs_per_s", "g.lifecycle_rows_per_s") + " of raw batched lifecycle");
            row(b, "d", "Single-message POST at " + fmt(r.get("d.rate")) + " req/s for " + fmt(r.get("d.seconds"))
                            + " s, open loop",
                    "p50 " + fmt(r.get("d.p50_ms")) + " ms, p99 " + fmt(r.get("d.p99_ms")) + " ms, p99.9 "
                            + fmt(r.get("d.p999_ms")) + " ms, max " + fmt(r.get("d.max_ms")) + " ms; "
                            + fmt(r.get("d.errors")) + " errors"
                            + (r.get("d.error_kinds") == null ? "" : " " + r.get("d.error_kinds"))
                            + (r.get("d.unanswered") instanceof Number u && u.doubleValue() > 0
                                    ? ", " + fmt(u) + " unanswered 60 s after the last was sent" : ""),
                    "p99 < 25 ms" + pass(r.get("d.p99_ms"), 25, false), "");
            if (r.get("ds.rate") != null) {
                row(b, "d″", "The same " + fmt(r.get("ds.rate")) + " req/s with sendAt a day ahead (API path only, "
                                + "nothing sent meanwhile)",
                        "p50 " + fmt(r.get("ds.p50_ms")) + " ms, p99 " + fmt(r.get("ds.p99_ms")) + " ms, p99.9 "
                                + fmt(r.get("ds.p999_ms")) + " ms, max " + fmt(r.get("ds.max_ms")) + " ms; "
                                + fmt(r.get("ds.errors")) + " errors", "", "");
            }
            if (r.get("dl.rate") != null) {
                row(b, "d′", "Single-message POST at " + fmt(r.get("dl.rate")) + " req/s for " + fmt(r.get("dl.seconds"))
                                + " s, open loop",
                        "p50 " + fmt(r.get("dl.p50_ms")) + " ms, p99 " + fmt(r.get("dl.p99_ms")) + " ms, p99.9 "
                                + fmt(r.get("dl.p999_ms")) + " ms, max " + fmt(r.get("dl.max_ms")) + " ms; "
                                + fmt(r.get("dl.errors")) + " errors", "", "");
            }
            row(b, "e", "Scheduled: " + fmt(r.get("e.probe_rate")) + "/s due over " + fmt(r.get("e.probe_seconds"))
                            + " s with " + fmt(r.get("e.waiting")) + " waiting",
                    "lateness p50 " + fmt(r.get("e.probe_late_p50_ms")) + " ms, p99 " + fmt(r.get("e.probe_late_p99_ms"))
                            + " ms, max " + fmt(r.get("e.probe_late_max_ms")) + " ms",
                    "p99 < 1 000 ms" + pass(r.get("e.probe_late_p99_ms"), 1000, false), "");
            row(b, "e′", "Scheduled burst: " + fmt(r.get("e.burst")) + " due at the same instant",
                    "lateness p50 " + fmt(r.get("e.burst_late_p50_ms")) + " ms, p99 " + fmt(r.get("e.burst_late_p99_ms"))
                            + " ms, last left after " + fmt(r.get("e.burst_late_max_ms")) + " ms", "", "");
            for (String level : String.valueOf(r.getOrDefault("h.levels", "[16, 64]")).replaceAll("[\\[\\] ]", "").split(",")) {
                String k = "h.c" + level;
                if (r.get(k + ".concurrency") == null) {
                    continue;
                }
                row(b, "h", "One HTTP POST per message to a local stub provider: single-message requests, "
                                + fmt(r.get(k + ".concurrency")) + " clients, closed loop, " + fmt(r.get("h.seconds")) + " s",
                        fmt(r.get(k + ".stub_per_s")) + " deliveries/s at the stub (median per second; min "
                                + fmt(r.get(k + ".stub_per_s_min")) + "); accepted " + fmt(r.get(k + ".accepted_per_s"))
                                + "/s, request p50 " + fmt(r.get(k + ".request_p50_ms")) + " ms, p99 "
                                + fmt(r.get(k + ".request_p99_ms")) + " ms; " + fmt(r.get(k + ".behind_at_stop"))
                                + " behind when the clients stopped, "
                                + (Boolean.FALSE.equals(r.get(k + ".drained")) || "false".equals(String.valueOf(r.get(k + ".drained")))
                                        ? "not drained (" + fmt(r.get(k + ".stub_received")) + " of " + fmt(r.get(k + ".accepted")) + ")"
                                        : "the last reached the stub " + fmt(r.get(k + ".backlog_seconds")) + " s later")
                                + "; request → stub p50 " + fmt(r.get(k + ".to_stub_p50_ms")) + " ms, p99 "
                                + fmt(r.get(k + ".to_stub_p99_ms")) + " ms; " + fmt(r.get(k + ".errors")) + " errors"
                                + (r.get(k + ".error_kinds") == null ? "" : " " + r.get(k + ".error_kinds")),
                        "≥ 4 000/s" + pass(r.get(k + ".stub_per_s"), 4_000, true),
                        ratio(r, k + ".stub_per_s", "g.lifecycle_rows_per_s") + " of raw batched lifecycle; "
                                + ratio(r, k + ".stub_per_s", "g.pm_lifecycle_rows_per_s") + " of raw per-message");
            }
            if (r.get("i.probes") != null) {
                String over = "> " + fmt(r.get("i.wait_seconds")) + " s";
                row(b, "i", "Transactional behind bulk: " + fmt(r.get("i.probe_rate")) + " single-message requests/s for "
                                + fmt(r.get("i.probe_seconds")) + " s with " + fmt(r.get("i.queued")) + " bulk messages queued",
                        "to PENDING p50 " + (r.get("i.pending_p50_ms") == null ? over : fmt(r.get("i.pending_p50_ms")) + " ms")
                                + ", p99 " + (r.get("i.pending_p99_ms") == null ? over : fmt(r.get("i.pending_p99_ms")) + " ms")
                                + ", max " + (r.get("i.pending_max_ms") == null ? over : fmt(r.get("i.pending_max_ms")) + " ms")
                                + "; " + fmt(r.get("i.probes_pending")) + " of " + fmt(r.get("i.probes")) + " PENDING within "
                                + fmt(r.get("i.wait_seconds")) + " s of the last request; API p99 " + fmt(r.get("i.api_p99_ms"))
                                + " ms; bulk not yet claimed " + fmt(r.get("i.bulk_waiting_at_start")) + " → "
                                + fmt(r.get("i.bulk_waiting_at_end")) + "; " + fmt(r.get("i.errors")) + " errors",
                        "p99 < 1 000 ms" + (r.get("i.pending_p99_ms") == null ? " ❌" : pass(r.get("i.pending_p99_ms"), 1000, false)),
                        "");
            }
            row(b, "f", "Peak memory of the Herald JVM",
                    "RSS " + fmt(r.get("f.herald_rss_peak_mib")) + " MiB (VmHWM); heap used "
                            + fmt(r.get("f.heap_used_peak_mib")) + " MiB (committed " + fmt(r.get("f.heap_committed_peak_mib"))
                            + ", max " + fmt(r.get("f.heap_max_mib")) + ")",
                    "RSS ≤ 512 MiB" + pass(r.get("f.herald_rss_peak_mib"), 512.5, false), "");
            row(b, "g", "Raw SQL on the same database (" + fmt(r.get("g.n")) + " rows, " + fmt(r.get("g.clients"))
                            + " clients; per-message " + fmt(r.get("g.pm_n")) + " rows, " + fmt(r.get("g.pm_clients")) + " clients)",
                    "insert " + fmt(r.get("g.insert_rows_per_s")) + "/s; claim→delivered " + fmt(r.get("g.process_rows_per_s"))
                            + "/s in batches of " + fmt(r.get("g.claim_batch")) + ", " + fmt(r.get("g.pm_process_rows_per_s"))
                            + "/s one per transaction; whole lifecycle " + fmt(r.get("g.lifecycle_rows_per_s"))
                            + "/s batched, " + fmt(r.get("g.pm_lifecycle_rows_per_s")) + "/s per message", "", "1.00");
            b.append("\nCPU during each scenario (cores used, of ").append(r.get("env.nproc"))
                    .append("; \"other\" is everything else on the machine):\n\n");
            b.append("| Scenario | Seconds | Machine busy | Herald JVM | PostgreSQL | Driver | Other | Heap peak MiB "
                    + "| RSS peak MiB (VmHWM) | Hikari pending max |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (String s : scenarioKeys(r)) {
                String k = "cpu." + s;
                if (!r.containsKey(k + ".seconds")) {
                    continue;
                }
                b.append("| ").append(s).append(" | ").append(fmt(r.get(k + ".seconds"))).append(" | ")
                        .append(fmt(r.get(k + ".machine_busy_pct"))).append(" % | ")
                        .append(fmt(r.get(k + ".herald_cores"))).append(" | ")
                        .append(fmt(r.get(k + ".postgres_cores"))).append(" | ")
                        .append(fmt(r.get(k + ".driver_cores"))).append(" | ")
                        .append(fmt(r.get(k + ".other_cores"))).append(" | ")
                        .append(fmt(r.get(k + ".heap_peak_mib"))).append(" | ")
                        .append(fmt(r.get(k + ".rss_hwm_mib"))).append(" | ")
                        .append(fmt(r.get(k + ".hikari_pending_max"))).append(" |\n");
            }
            b.append("\nDatabase work per message (from pg_stat_database; transactions include single statements "
                    + "outside a transaction):\n\n");
            b.append("| Scenario | Messages | Herald CPU ms | PostgreSQL CPU ms | Transactions | Rows inserted "
                    + "| Rows updated | Rows deleted | WAL KiB | Herald's connections, sampled (state, wait event) |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|\n");
            Map<String, Object> perMessage = new LinkedHashMap<>();
            perMessage.put("g.batched", r.get("g.n"));
            perMessage.put("g.per_message", r.get("g.pm_n"));
            perMessage.put("a", r.get("a.n"));
            perMessage.put("b", r.get("b.n"));
            perMessage.put("c", r.get("c.n"));
            perMessage.put("d.low", sum(r.get("dl.rate"), r.get("dl.seconds"), r.get("dl.warmup_seconds")));
            perMessage.put("d.scheduled", sum(r.get("ds.rate"), r.get("ds.seconds"), r.get("ds.warmup_seconds")));
            perMessage.put("d.target", sum(r.get("d.rate"), r.get("d.seconds"), r.get("d.warmup_seconds")));
            perMessage.put("e.insert", r.get("e.waiting"));
            for (String s : scenarioKeys(r)) {
                if (s.startsWith("h.c")) {
                    perMessage.put(s, r.get(s + ".accepted"));
                }
            }
            perMessage.put("i.queue", r.get("i.queued"));
            for (Map.Entry<String, Object> e : perMessage.entrySet()) {
                String k = "db." + e.getKey();
                if (!(e.getValue() instanceof Number n) || !(r.get(k + ".transactions") instanceof Number)) {
                    continue;
                }
                double m = n.doubleValue();
                String cpu = "cpu." + e.getKey();
                b.append("| ").append(e.getKey()).append(" | ").append(fmt(m)).append(" | ")
                        .append(cpuMs(r, cpu + ".herald_cores", cpu + ".seconds", m)).append(" | ")
                        .append(cpuMs(r, cpu + ".postgres_cores", cpu + ".seconds", m)).append(" | ")
                        .append(per(r.get(k + ".transactions"), m)).append(" | ")
                        .append(per(r.get(k + ".rows_inserted"), m)).append(" | ")
                        .append(per(r.get(k + ".rows_updated"), m)).append(" | ")
                        .append(per(r.get(k + ".rows_deleted"), m)).append(" | ")
                        .append(r.get(k + ".wal_mib") instanceof Number w
                                ? String.format(Locale.ROOT, "%.2f", w.doubleValue() * 1024 / m) : "n/a").append(" | ")
                        .append(r.get(k + ".backend_states") == null ? "" : r.get(k + ".backend_states")).append(" |\n");
            }
            for (String k : r.keySet()) {
                if (k.endsWith(".error")) {
                    b.append("\n**").append(k).append("**: ").append(r.get(k)).append('\n');
                }
            }
            if (notes != null && !notes.isEmpty()) {
                b.append("\nNotes:\n\n");
                notes.forEach(n -> b.append("- ").append(n).append('\n'));
            } else if (r.get("notes") != null) {
                b.append("\nNotes: ").append(r.get("notes")).append('\n');
            }
            return b.toString();
        }

        /** The scenarios with CPU figures, in the order they run. */
        static List<String> scenarioKeys(Map<String, Object> r) {
            List<String> keys = new ArrayList<>(List.of("g.batched", "g.per_message", "a", "b", "c", "d.low", "d.target",
                    "d.scheduled"));
            for (String k : r.keySet()) {
                if (k.startsWith("cpu.h.c") && k.endsWith(".seconds")) {
                    keys.add(k.substring(4, k.length() - ".seconds".length()));
                }
            }
            keys.addAll(List.of("e.insert", "e.due", "i.queue", "i.probes", "i.cancel"));
            return keys;
        }

        static String cpuMs(Map<String, Object> r, String cores, String seconds, double messages) {
            if (r.get(cores) instanceof Number c && r.get(seconds) instanceof Number s) {
                return String.format(Locale.ROOT, "%.2f", c.doubleValue() * s.doubleValue() * 1000 / messages);
            }
            return "n/a";
        }

        /** rate x (seconds + warm-up): the requests of an open loop. */
        static Object sum(Object rate, Object seconds, Object warmup) {
            if (rate instanceof Number r && seconds instanceof Number s && warmup instanceof Number w) {
                return r.doubleValue() * (s.doubleValue() + w.doubleValue());
            }
            return null;
        }

        static String per(Object v, double messages) {
            return v instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue() / messages) : "n/a";
        }

        static void row(StringBuilder b, String id, String scenario, String result, String target, String ratio) {
            b.append("| ").append(id).append(" | ").append(scenario).append(" | ").append(result).append(" | ")
                    .append(target).append(" | ").append(ratio).append(" |\n");
        }
    }

    static final class Json {
        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(b, v, "");
            return b.toString();
        }

        @SuppressWarnings("unchecked")
        static void write(StringBuilder b, Object v, String indent) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof Map<?, ?> m) {
                // Nest flat "a.b.c" keys one level: {"a": {"b.c": ...}}.
                Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String k = String.valueOf(e.getKey());
                    int dot = k.indexOf('.');
                    String g = dot < 0 ? "" : k.substring(0, dot);
                    groups.computeIfAbsent(g, x -> new LinkedHashMap<>()).put(dot < 0 ? k : k.substring(dot + 1), e.getValue());
                }
                b.append("{\n");
                int i = 0;
                for (Map.Entry<String, Map<String, Object>> g : groups.entrySet()) {
                    if (g.getKey().isEmpty()) {
                        for (Map.Entry<String, Object> e : g.getValue().entrySet()) {
                            if (i++ > 0) {
                                b.append(",\n");
                            }
                            b.append(indent).append("  ").append(quote(e.getKey())).append(": ");
                            write(b, e.getValue(), indent + "  ");
                        }
                        continue;
                    }
                    if (i++ > 0) {
                        b.append(",\n");
                    }
                    b.append(indent).append("  ").append(quote(g.getKey())).append(": {");
                    int j = 0;
                    for (Map.Entry<String, Object> e : g.getValue().entrySet()) {
                        b.append(j++ > 0 ? ", " : "").append(quote(e.getKey())).append(": ");
                        write(b, e.getValue(), indent + "  ");
                    }
                    b.append("}");
                }
                b.append("\n").append(indent).append("}");
            } else if (v instanceof Number n) {
                double d = n.doubleValue();
                b.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.valueOf(v));
            } else if (v instanceof Boolean) {
                b.append(v);
            } else {
                b.append(quote(String.valueOf(v)));
            }
        }

        static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }

    // ---------------------------------------------------------------- medians of several runs

    static final class Summary {
        static void run(String[] args) throws IOException {
            Path outDir = Path.of(args[0]);
            List<Map<String, String>> runs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String line : Files.readAllLines(Path.of(args[i]))) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        m.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
                runs.add(m);
            }
            Map<String, Object> median = new LinkedHashMap<>();
            Map<String, String> spread = new TreeMap<>();
            for (String key : runs.get(0).keySet()) {
                List<Double> values = new ArrayList<>();
                boolean numeric = true;
                for (Map<String, String> r : runs) {
                    String v = r.get(key);
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    try {
                        values.add(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
                if (numeric && !values.isEmpty() && !key.startsWith("env.")) {
                    Collections.sort(values);
                    int n = values.size();
                    double med = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
                    median.put(key, med);
                    spread.put(key, values.stream().map(Report::fmt).reduce((x, y) -> x + ", " + y).orElse(""));
                } else {
                    String first = runs.get(0).get(key);
                    median.put(key, first == null || first.isEmpty() ? null : first);
                }
            }
            List<String> loads = new ArrayList<>();
            for (Map<String, String> r : runs) {
                loads.add(r.get("env.loadavg_start"));
            }
            median.put("env.loadavg_start", String.join(" / ", loads));
            StringBuilder md = new StringBuilder(Report.markdown(median, null, runs.size()));
            md.append("\nAll runs (key: values sorted):\n\n");
            for (String key : List.of("a.dest_per_s", "e.insert_dest_per_s", "b.msgs_per_s", "c.msgs_per_s",
                    "c.e2e_msgs_per_s", "b.sent_msgs_per_s", "dl.p50_ms", "dl.p99_ms", "ds.p50_ms", "ds.p99_ms", "d.p50_ms", "d.p99_ms", "d.max_ms", "e.probe_late_p50_ms",
                    "e.probe_late_p99_ms", "e.burst_late_max_ms", "h.c16.stub_per_s", "h.c16.request_p99_ms",
                    "h.c16.backlog_seconds", "h.c64.stub_per_s", "h.c64.request_p99_ms", "h.c64.backlog_seconds",
                    "i.pending_p50_ms", "i.pending_p99_ms", "f.herald_rss_peak_mib", "f.heap_used_peak_mib",
                    "g.insert_rows_per_s", "g.process_rows_per_s", "g.lifecycle_rows_per_s", "g.pm_process_rows_per_s",
                    "g.pm_lifecycle_rows_per_s")) {
                if (spread.containsKey(key)) {
                    md.append("- `").append(key).append("`: ").append(spread.get(key)).append('\n');
                }
            }
            Files.writeString(outDir.resolve("results-median.md"), md.toString());
            Files.writeString(outDir.resolve("results-median.json"), Json.write(median) + "\n");
            System.out.println(md);
        }
    }
}

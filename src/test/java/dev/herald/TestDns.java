package dev.herald;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server on a UDP port of 127.0.0.1, answering TXT queries from what tests publish
 * ({@link #publish}); every other name is NXDOMAIN. Every test context asks it ({@code herald.sso.dns-server}),
 * so single sign-on's domain proof goes through Herald's real resolver and real DNS packets. Each domain's
 * records are the test's own (random domains), so tests do not see each other's.
 */
public final class TestDns {

    private static final Map<String, List<String>> TXT = new ConcurrentHashMap<>();
    private static final java.util.Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static volatile DatagramSocket socket;

    private TestDns() {}

    /** {@code 127.0.0.1:<port>}, starting the server on first use. */
    public static synchronized String address() {
        if (socket == null) {
            try {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
            Thread server = new Thread(TestDns::serve, "test-dns");
            server.setDaemon(true);
            server.start();
        }
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Adds a TXT record to {@code domain} (which then exists). */
    public static void publish(String domain, String text) {
        TXT.computeIfAbsent(domain.toLowerCase(Locale.ROOT), d -> new CopyOnWriteArrayList<>()).add(text);
    }

    /** Answers SERVFAIL for {@code domain}: the server cannot say whether it has records. */
    public static void fail(String domain) {
        FAILING.add(domain.toLowerCase(Locale.ROOT));
    }

    private static void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = answer(query.getData(), query.getLength());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (Exception e) {
                // a malformed query is dropped, as a real server would; the next one is served
            }
        }
    }

    /** RFC 1035 §4: the header, the question copied back, then one TXT answer per record. */
    static byte[] answer(byte[] q, int length) {
        if (length < 12) {
            return null;
        }
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (q[at] != 0) {
            int label = q[at] & 0xff;
            name.append(name.isEmpty() ? "" : ".").append(new String(q, at + 1, label, StandardCharsets.US_ASCII));
            at += label + 1;
        }
        int questionEnd = at + 5;
        int type = ((q[at + 1] & 0xff) << 8) | (q[at + 2] & 0xff);
        String asked = name.toString().toLowerCase(Locale.ROOT);
        List<String> records = TXT.get(asked);
        List<String> answers = records == null || type != 16 ? List.of() : records;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x84 | (q[2] & 0x01)); // a response, authoritative, recursion desired as asked; then RA and RCODE
        // SERVFAIL where a test wants it, NXDOMAIN for names nobody published
        out.write(FAILING.contains(asked) ? 0x82 : records == null ? 0x83 : 0x80);
        out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (String text : answers) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 0, 0, (byte) (bytes.length + 1),
                    (byte) bytes.length});
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}

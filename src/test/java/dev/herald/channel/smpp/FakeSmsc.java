package dev.herald.channel.smpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

/**
 * An SMSC for tests, built on jSMPP's server session on a dynamic port. It accepts transceiver binds of any
 * system id starting with {@code herald} with its one password (refusing others with ESME_RINVSYSID /
 * ESME_RINVPASWD, and those starting with {@code refused} with ESME_RBINDFAIL and a closed socket), records every submit_sm, answers each with a new message_id or with the command_status
 * scripted for its destination, and sends a delivery receipt for every accepted part right after its
 * submit_sm_resp to a bound session of the same system id, redelivering receipts until one acknowledges them,
 * as an SMSC's store-and-forward does.
 */
final class FakeSmsc implements AutoCloseable {

    static final String SYSTEM_ID = "herald";
    static final String PASSWORD = "s3cret";
    /** Binds of system ids starting with this are answered ESME_RBINDFAIL, and the socket closed right after. */
    static final String REFUSED_SYSTEM_ID = "refused";

    /** What a submit_sm carried. */
    record Submit(String messageId, String sourceAddr, byte sourceTon, byte sourceNpi, String destination, byte destTon,
                  byte destNpi, byte esmClass, byte dataCoding, byte registeredDelivery, byte[] shortMessage,
                  long receivedNanos) {}

    /** A receipt waiting to be delivered. */
    private record PendingReceipt(String systemId, String messageId, String destination, String stat, boolean tlvs) {}

    private final ServerSocket socket;
    private final SMPPServerSessionListener listener;
    private final Map<SMPPServerSession, String> sessions = new ConcurrentHashMap<>();
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scriptedStatuses = new ConcurrentHashMap<>();
    private final Map<String, String> receiptStats = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tlvReceipts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> duplicateReceipts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long latencyMillis;
    private final Map<String, String> destinationOf = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<PendingReceipt> receipts = new LinkedBlockingQueue<>();
    private static final long FIRST_ID = 0x5A000000L;
    private final AtomicLong ids = new AtomicLong(FIRST_ID);
    private final Map<String, Boolean> receiptsFirst = new ConcurrentHashMap<>();
    private final Map<String, Long> receiptDelays = new ConcurrentHashMap<>();
    private final AtomicInteger binds = new AtomicInteger();
    private final Map<String, AtomicInteger> acknowledgedReceipts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    FakeSmsc() throws IOException {
        socket = new ServerSocket(0);
        listener = new SMPPServerSessionListener(0, new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) {
                return listen(port);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) {
                return listen(port);
            }
        });
        listener.setPduProcessorDegree(16);
        listener.setMessageReceiverListener(new Receiver());
        listener.setResponseDeliveryListener(new ServerResponseDeliveryAdapter() {
            @Override
            public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
                String destination = destinationOf.get(result.getMessageId());
                String stat = receiptStats.getOrDefault(destination, "DELIVRD");
                if (!stat.isEmpty() && !receiptsFirst.getOrDefault(destination, false)) {
                    PendingReceipt receipt = new PendingReceipt(sessions.get(source), result.getMessageId(), destination,
                            stat, tlvReceipts.getOrDefault(destination, false));
                    long delay = receiptDelays.getOrDefault(destination, 0L);
                    Thread.ofVirtual().start(() -> {
                        FakeSmsc.sleep(delay);
                        receipts.add(receipt);
                        if (duplicateReceipts.getOrDefault(destination, false)) {
                            receipts.add(receipt);
                        }
                    });
                }
            }
        });
        Thread.ofVirtual().name("fake-smsc-accept").start(this::acceptLoop);
        Thread.ofVirtual().name("fake-smsc-receipts").start(this::receiptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<Submit> submits() {
        return List.copyOf(submits);
    }

    List<Submit> submitsTo(String destination) {
        return submits.stream().filter(s -> s.destination().equals(destination)).toList();
    }

    int binds() {
        return binds.get();
    }

    /** How many receipts for {@code destination} a session acknowledged. */
    int acknowledgedReceiptsTo(String destination) {
        AtomicInteger count = acknowledgedReceipts.get(destination);
        return count == null ? 0 : count.get();
    }

    int boundSessions() {
        return (int) sessions.keySet().stream().filter(s -> s.getSessionState().isBound()).count();
    }

    /** The next submits to {@code destination} are answered with these command statuses (0 accepts). */
    void answer(String destination, Integer... statuses) {
        scriptedStatuses.computeIfAbsent(destination, d -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    /** Receipts for {@code destination} say {@code stat} (DELIVRD when not set); an empty stat sends none. */
    void receipts(String destination, String stat) {
        receiptStats.put(destination, stat);
    }

    /** Receipts for {@code destination} also carry the receipted_message_id and message_state TLVs. */
    void receiptsWithTlvs(String destination) {
        tlvReceipts.put(destination, true);
    }

    /** Receipts for {@code destination} are sent twice, as SMSCs do when an acknowledgement goes astray. */
    void duplicateReceipts(String destination) {
        duplicateReceipts.put(destination, true);
    }

    /**
     * Message ids start again from where they started, as an SMSC's counter does after a restart: the next
     * submits get ids earlier ones already had.
     */
    void restartMessageIds() {
        ids.set(FIRST_ID);
    }

    /**
     * Receipts for {@code destination} are delivered, and acknowledged, before the submit_sm is answered: the
     * receipt always overtakes Herald's recording of the submit.
     */
    void receiptsBeforeResponse(String destination) {
        receiptsFirst.put(destination, true);
    }

    /** Receipts for {@code destination} are sent this long after the submit_sm_resp. */
    void delayReceipts(String destination, long millis) {
        receiptDelays.put(destination, millis);
    }

    /** Every submit_sm is answered this long after it arrives. */
    void latency(long millis) {
        latencyMillis = millis;
    }

    /** The most submit_sm that awaited their answer at once. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Drops every session without an unbind, as a network failure or an SMSC restart would. */
    void dropSessions() {
        sessions.keySet().forEach(SMPPServerSession::close);
        sessions.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = listener.accept();
                Thread.ofVirtual().start(() -> bind(session));
            } catch (IOException e) {
                if (!closed) {
                    sleep(50);
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            if (request.getSystemId().startsWith(REFUSED_SYSTEM_ID)) {
                // As SMSCs that refuse a bind do: answer, then drop the connection at once.
                request.reject(SMPPConstant.STAT_ESME_RBINDFAIL);
                session.close();
            } else if (!request.getSystemId().startsWith(SYSTEM_ID)) {
                request.reject(SMPPConstant.STAT_ESME_RINVSYSID);
            } else if (!PASSWORD.equals(request.getPassword())) {
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            } else {
                sessions.put(session, request.getSystemId());
                request.accept("FAKESMSC");
                binds.incrementAndGet();
            }
        } catch (Exception e) {
            session.close();
        }
    }

    private void receiptLoop() {
        while (!closed) {
            PendingReceipt receipt;
            try {
                receipt = receipts.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (receipt != null && !deliver(receipt)) {
                receipts.add(receipt);
                sleep(50);
            }
        }
    }

    private boolean deliver(PendingReceipt receipt) {
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyMMddHHmm"));
        String text = "id:" + receipt.messageId() + " sub:001 dlvrd:" + ("DELIVRD".equals(receipt.stat()) ? "001" : "000")
                + " submit date:" + now + " done date:" + now + " stat:" + receipt.stat() + " err:"
                + ("DELIVRD".equals(receipt.stat()) ? "000" : "001") + " text:";
        OptionalParameter[] tlvs = receipt.tlvs()
                ? new OptionalParameter[] {
                        new OptionalParameter.Receipted_message_id(receipt.messageId()),
                        new OptionalParameter.Message_state(messageState(receipt.stat()))}
                : new OptionalParameter[0];
        for (Map.Entry<SMPPServerSession, String> bound : sessions.entrySet()) {
            SMPPServerSession session = bound.getKey();
            if (!session.getSessionState().isBound() || !bound.getValue().equals(receipt.systemId())) {
                continue;
            }
            try {
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        receipt.destination(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, "HERALD",
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
                        text.getBytes(StandardCharsets.US_ASCII), tlvs);
                acknowledgedReceipts.computeIfAbsent(receipt.destination(), d -> new AtomicInteger()).incrementAndGet();
                return true;
            } catch (Exception e) {
                // Refused or the session went away: try another one, or later.
            }
        }
        return false;
    }

    private static byte messageState(String stat) {
        return switch (stat) {
            case "DELIVRD" -> 2;
            case "EXPIRED" -> 3;
            case "DELETED" -> 4;
            case "UNDELIV" -> 5;
            case "REJECTD" -> 8;
            default -> 7;
        };
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (latencyMillis > 0) {
                    sleep(latencyMillis);
                }
                return answer(submitSm, source);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private SubmitSmResult answer(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            Deque<Integer> scripted = scriptedStatuses.get(submitSm.getDestAddress());
            Integer status = scripted == null ? null : scripted.pollFirst();
            if (status != null && status != SMPPConstant.STAT_ESME_ROK) {
                submits.add(record(submitSm, null));
                throw new ProcessRequestException("scripted", status);
            }
            String id = Long.toHexString(ids.incrementAndGet()).toUpperCase();
            submits.add(record(submitSm, id));
            destinationOf.put(id, submitSm.getDestAddress());
            String destination = submitSm.getDestAddress();
            String stat = receiptStats.getOrDefault(destination, "DELIVRD");
            if (!stat.isEmpty() && receiptsFirst.getOrDefault(destination, false)
                    && !deliver(new PendingReceipt(sessions.get(source), id, destination, stat,
                            tlvReceipts.getOrDefault(destination, false)))) {
                throw new ProcessRequestException("the receipt could not be delivered first", SMPPConstant.STAT_ESME_RSYSERR);
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (Exception e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        private Submit record(SubmitSm s, String id) {
            return new Submit(id, s.getSourceAddr(), s.getSourceAddrTon(), s.getSourceAddrNpi(), s.getDestAddress(),
                    s.getDestAddrTon(), s.getDestAddrNpi(), s.getEsmClass(), s.getDataCoding(), s.getRegisteredDelivery(),
                    s.getShortMessage(), System.nanoTime());
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        sessions.keySet().forEach(SMPPServerSession::unbindAndClose);
        listener.close();
    }
}

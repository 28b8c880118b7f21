package dev.herald.channel.smpp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transceiver session to an SMSC, kept bound. A virtual thread binds, waits until the session is lost (the
 * SMSC closes the socket or unbinds, an enquire_link goes unanswered), then binds again, backing off from one
 * second to a minute while the SMSC refuses or cannot be reached. jSMPP itself sends enquire_link whenever the
 * session has been idle for the configured interval.
 */
final class SmppLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppLink.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);
    /** How often the binder looks at the session even without a state change, in case one was missed. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Threads of a session that read its PDUs: responses and receipts (which wait for the database). */
    private static final int MAX_PDU_THREADS = 32;

    private final String name;
    private final SmppSettings settings;
    private final MessageReceiverListener receiver;
    private final Thread binder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private SMPPSession session;
    private String problem = "not bound yet";
    private long nextAttemptNanos = System.nanoTime();
    /** Whether the last bind attempt failed: sends then fail at once instead of waiting for the next one. */
    private boolean failing;
    private boolean closed;

    SmppLink(String name, SmppSettings settings, MessageReceiverListener receiver) {
        this.name = name;
        this.settings = settings;
        this.receiver = receiver;
        this.binder = Thread.ofVirtual().name("smpp-bind-" + name).unstarted(this::keepBound);
    }

    void start() {
        binder.start();
    }

    /**
     * The bound session, waiting up to {@code maxWait} for the first bind or a rebind after a lost session;
     * empty at once while the SMSC refuses binds or cannot be reached.
     */
    Optional<SMPPSession> bound(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (session == null && !closed && !failing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return Optional.ofNullable(session);
        } finally {
            lock.unlock();
        }
    }

    /** Why there is no bound session, and when the next bind is due, for a TransientFailure's reason. */
    String problem() {
        lock.lock();
        try {
            return closed ? "the connection is closed" : problem;
        } finally {
            lock.unlock();
        }
    }

    Duration untilNextBind() {
        lock.lock();
        try {
            return Duration.ofNanos(Math.max(0, nextAttemptNanos - System.nanoTime()));
        } finally {
            lock.unlock();
        }
    }

    /** Binds a new session as a transceiver; the caller unbinds it. Describes a failure for people. */
    static SMPPSession bind(SmppSettings settings, MessageReceiverListener receiver, Runnable onStateChange)
            throws BindException {
        AtomicReference<BindFirstConnection> connection = new AtomicReference<>();
        SMPPSession s = new SMPPSession(connections(settings.bindTimeout(), connection));
        s.setEnquireLinkTimer((int) settings.enquireLinkInterval().toMillis());
        s.setTransactionTimer(settings.responseTimeout().toMillis());
        s.setPduProcessorDegree(Math.min(MAX_PDU_THREADS, settings.windowSize() + 2));
        s.setQueueCapacity(Math.max(100, settings.windowSize() * 2));
        s.setMessageReceiverListener(receiver);
        s.addSessionStateListener((newState, oldState, source) -> onStateChange.run());
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX, settings.systemId(),
                    settings.password(), settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                    null), settings.bindTimeout().toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw new BindException(describe(settings, e), e);
        } finally {
            BindFirstConnection opened = connection.get();
            if (opened != null) {
                opened.bindAnswered();
            }
        }
    }

    /** A failed bind, with a message that says what went wrong: {@code bind refused: ESME_RINVPASWD (Invalid Password)}. */
    static final class BindException extends Exception {
        BindException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void keepBound() {
        Duration backoff = FIRST_RETRY;
        while (!isClosed()) {
            try {
                SMPPSession bound = bind(settings, receiver, this::signal);
                if (!publish(bound)) {
                    bound.unbindAndClose();
                    return;
                }
                log.info("SMPP {} bound as {} to {}", name, settings.systemId(), settings.endpoint());
                backoff = FIRST_RETRY;
                if (awaitLoss(bound)) {
                    return;
                }
                bound.close();
                // A session that was bound and is gone is usually a network blip or an SMSC restart: retry soon.
                setProblem("the session to " + settings.endpoint() + " was lost; binding again", FIRST_RETRY, false);
                log.warn("SMPP {} lost its session to {}; binding again", name, settings.endpoint());
            } catch (BindException e) {
                setProblem(e.getMessage(), backoff, true);
                log.warn("SMPP {}: {}; next try in {}s", name, e.getMessage(), backoff.toSeconds());
            } catch (RuntimeException e) {
                setProblem("bind failed: " + e, backoff, true);
                log.warn("SMPP {} could not bind to {}", name, settings.endpoint(), e);
            }
            if (!sleep(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
        }
    }

    /** Makes a freshly bound session the current one, unless the link was closed meanwhile. */
    private boolean publish(SMPPSession bound) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            session = bound;
            problem = null;
            failing = false;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the session is lost or the link closed.
     *
     * @return true when the link was closed: {@link #close} then unbinds the session itself
     */
    private boolean awaitLoss(SMPPSession bound) {
        lock.lock();
        try {
            while (!closed && bound.getSessionState().isBound()) {
                changed.await(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (closed) {
                return true;
            }
            session = null;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session = null;
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void setProblem(String why, Duration retryIn, boolean bindFailed) {
        lock.lock();
        try {
            problem = why;
            failing = bindFailed;
            changed.signalAll();
            nextAttemptNanos = System.nanoTime() + retryIn.toNanos();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps up to {@code time} plus a little jitter, so nodes do not rebind in step; false once closed. */
    private boolean sleep(Duration time) {
        long left = time.toNanos() + ThreadLocalRandom.current().nextLong(time.toNanos() / 10 + 1);
        lock.lock();
        try {
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Unbinds and stops binding again. */
    @Override
    public void close() {
        SMPPSession current;
        lock.lock();
        try {
            closed = true;
            current = session;
            session = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // A bind in progress is not waited for: the binder unbinds its session itself when it sees the link closed.
        if (current != null) {
            current.unbindAndClose();
            log.info("SMPP {} unbound from {}", name, settings.endpoint());
        }
    }

    private static String describe(SmppSettings settings, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NegativeResponseException negative) {
                return "bind as " + settings.systemId() + " refused by " + settings.endpoint() + ": "
                        + CommandStatus.describe(negative);
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Time out waiting for bind response")) {
            return "no bind response from " + settings.endpoint() + " within " + settings.bindTimeout().toSeconds() + "s";
        }
        return "cannot connect to " + settings.endpoint() + ": " + message;
    }

    /**
     * Sockets that give up connecting after the bind timeout rather than the system's minutes, and that let the
     * bind's response be handled before the session sees the SMSC close the socket ({@link BindFirstConnection}).
     */
    private static ConnectionFactory connections(Duration timeout, AtomicReference<BindFirstConnection> opened) {
        return (host, port) -> {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                BindFirstConnection connection = new BindFirstConnection(socket, timeout);
                opened.set(connection);
                return connection;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }
}

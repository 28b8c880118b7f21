package dev.herald.chat.widget;

import dev.herald.auth.AccountId;
import dev.herald.chat.session.WebMessenger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The visitors' open event streams on this node. A line reaches a visitor's streams at once when this node
 * stored it for them (their message and the bot's answer), and otherwise (an operator's reply, another node)
 * within {@code herald.widget.poll-interval}: one query per account with visitors connected finds whose
 * conversation grew. Each stream sends its visitor's lines in order, each once, with the line's {@code seq} as
 * the event id, so a reconnecting widget resumes with {@code Last-Event-ID}.
 */
@Component
class WidgetStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WidgetStreams.class);
    /** Lines sent when a widget connects without Last-Event-ID: the latest of its conversation. */
    private static final int BACKLOG = 100;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final WebMessenger messenger;
    private final WidgetProperties properties;
    private final Map<UUID, List<Stream>> byVisitor = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread poller;

    WidgetStreams(WebMessenger messenger, WidgetProperties properties) {
        this.messenger = messenger;
        this.properties = properties;
    }

    /** One open stream to a visitor's widget. */
    final class Stream {

        final AccountId account;
        final UUID chatId;
        final UUID visitorId;
        final SseEmitter emitter;
        private volatile long lastSeq;
        private volatile long lastSentAt = System.nanoTime();
        private volatile boolean closed;
        private final AtomicBoolean sending = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();

        Stream(AccountId account, UUID chatId, UUID visitorId, long lastSeq) {
            this.account = account;
            this.chatId = chatId;
            this.visitorId = visitorId;
            this.lastSeq = lastSeq;
            this.emitter = new SseEmitter(properties.streamTimeout().toMillis());
        }

        /**
         * Sends what is new on a virtual thread of the stream's own, so that a slow browser holds back only itself;
         * a wake-up while it sends makes it look once more.
         */
        void wake() {
            again.set(true);
            if (sending.compareAndSet(false, true)) {
                Thread.ofVirtual().name("herald-widget-stream").start(() -> {
                    try {
                        while (again.getAndSet(false)) {
                            catchUp();
                        }
                    } finally {
                        sending.set(false);
                        if (again.get() && !closed) {
                            wake();
                        }
                    }
                });
            }
        }

        /** A keep-alive comment when the stream was quiet for a while, unless it is busy sending. */
        void beat() {
            if (closed || System.nanoTime() - lastSentAt < HEARTBEAT.toNanos() || !sending.compareAndSet(false, true)) {
                return;
            }
            Thread.ofVirtual().name("herald-widget-heartbeat").start(() -> {
                try {
                    heartbeat();
                } finally {
                    sending.set(false);
                    if (again.get() && !closed) {
                        wake();
                    }
                }
            });
        }

        /** Sends what the visitor has not seen yet on this stream. */
        private synchronized void catchUp() {
            if (closed) {
                return;
            }
            try {
                while (true) {
                    List<WebMessenger.VisitorLine> lines = messenger.conversation(account, chatId, visitorId, lastSeq,
                            BACKLOG);
                    if (lastSeq < 0) {
                        lastSeq = 0;
                    }
                    for (WebMessenger.VisitorLine line : lines) {
                        emitter.send(SseEmitter.event().id(Long.toString(line.seq())).name("line")
                                .data(VisitorController.LineView.of(line), MediaType.APPLICATION_JSON));
                        lastSeq = line.seq();
                        lastSentAt = System.nanoTime();
                    }
                    if (lines.size() < BACKLOG) {
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                close();
            } catch (RuntimeException e) {
                log.warn("Widget stream of visitor {} could not be sent to: {}", visitorId, e.toString());
                close();
            }
        }

        private synchronized void heartbeat() {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                lastSentAt = System.nanoTime();
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        long lastSeq() {
            return lastSeq;
        }

        void close() {
            closed = true;
            remove(this);
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // Already completed or the connection is gone.
            }
        }
    }

    /**
     * Opens a stream that first sends the visitor's lines after {@code lastSeq} (all of the latest when negative).
     * The visitor's oldest stream is closed when they have too many; null when this node has too many.
     */
    Stream open(AccountId account, UUID chatId, UUID visitorId, long lastSeq) {
        if (size() >= properties.maxStreams()) {
            return null;
        }
        Stream stream = new Stream(account, chatId, visitorId, lastSeq);
        stream.emitter.onCompletion(() -> remove(stream));
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(e -> remove(stream));
        List<Stream> streams = byVisitor.computeIfAbsent(visitorId, id -> new CopyOnWriteArrayList<>());
        streams.add(stream);
        while (streams.size() > properties.maxStreamsPerVisitor()) {
            streams.getFirst().close();
        }
        return stream;
    }

    /** Sends the visitor's new lines to their streams on this node now. */
    void push(UUID visitorId) {
        byVisitor.getOrDefault(visitorId, List.of()).forEach(Stream::wake);
    }

    int size() {
        return byVisitor.values().stream().mapToInt(List::size).sum();
    }

    private void remove(Stream stream) {
        byVisitor.computeIfPresent(stream.visitorId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    private void poll() {
        List<Stream> all = byVisitor.values().stream().flatMap(List::stream).toList();
        Map<AccountId, Set<UUID>> visitors = all.stream().collect(Collectors.groupingBy(s -> s.account,
                Collectors.mapping(s -> s.visitorId, Collectors.toSet())));
        visitors.forEach((account, ids) -> {
            Map<UUID, Long> latest = messenger.latestSeqs(account, ids);
            for (UUID id : ids) {
                Long seq = latest.get(id);
                for (Stream stream : byVisitor.getOrDefault(id, List.of())) {
                    if (seq != null && seq > stream.lastSeq()) {
                        stream.wake();
                    }
                }
            }
        });
        all.forEach(Stream::beat);
    }

    @Override
    public void start() {
        running = true;
        poller = Thread.ofVirtual().name("herald-widget-streams").start(() -> {
            while (running) {
                try {
                    Thread.sleep(properties.pollInterval());
                    poll();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Looking for new lines of widget visitors failed: {}", e.toString());
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
        new ArrayList<>(byVisitor.values()).stream().flatMap(List::stream).forEach(Stream::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

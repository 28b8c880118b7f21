package dev.herald.channel.smpp;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.channel.sms.SmsText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS over one SMPP connection: submit_sm on the connection's kept-bound transceiver session, receipts back
 * through {@link ReceiptListener}. Every part is one submit_sm with registered_delivery on; the message's
 * provider id is the first part's message_id, and {@link SmppParts} records all of them.
 * <p>
 * Limits: at most {@code windowSize} submit_sm await their response at once, and submits are spaced at
 * {@code throughputPerSecond}; a send that cannot get either within a short wait is retried later by the
 * engine rather than piling up. Throttling and a full SMSC queue are worth retrying soon; every other
 * command_status the SMSC answers is final for the message.
 */
final class SmppProvider implements ChannelProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppProvider.class);
    /** How long a send waits for a bind in progress, a window slot or a throughput slot before giving up. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /** When to retry after ESME_RTHROTTLED or ESME_RMSGQFUL. */
    static final Duration THROTTLED_RETRY = Duration.ofSeconds(1);
    /**
     * How often a later part of a long SMS is tried again within the send after being throttled: sending the
     * whole message again would repeat the parts the phone already has.
     */
    private static final int LATER_PART_ATTEMPTS = 5;

    private final String name;
    private final SmppSettings settings;
    private final SmppLink link;
    private final SmppParts parts;
    private final DefaultSenders senders;
    private final Semaphore window;
    private final Pacer pacer;
    private final AtomicInteger references = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));

    SmppProvider(String name, SmppSettings settings, SmppLink link, SmppParts parts, DefaultSenders senders) {
        this.name = name;
        this.senders = senders;
        this.settings = settings;
        this.link = link;
        this.parts = parts;
        this.window = new Semaphore(settings.windowSize(), true);
        this.pacer = new Pacer(settings.throughputPerSecond());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.SMS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        SmppAddress destination = SmppAddress.destination(message.address());
        if (destination == null) {
            return new SendResult.PermanentFailure("INVALID_ADDRESS", "Not a phone number: " + message.address());
        }
        // Resolved now, not at intake: the connection's sourceAddr and the account's default may have changed.
        String sender = senders.resolve(message.string("from"), settings.sourceAddr(), message.accountId());
        if (sender.length() > 20 || SmppAddress.isAlphanumeric(sender) && sender.length() > 11) {
            return new SendResult.PermanentFailure("INVALID_SENDER",
                    "An SMS sender must be a number of at most 20 digits or a name of at most 11 characters: " + sender);
        }
        SmppAddress source = SmppAddress.source(sender, settings.sourceTon(), settings.sourceNpi());
        String text = message.text();
        if (text == null || text.isEmpty()) {
            return new SendResult.PermanentFailure("EMPTY_TEXT", "An SMS needs a text");
        }
        ShortMessages pdus = ShortMessages.of(SmsText.of(text), references.getAndIncrement());
        try {
            Optional<SMPPSession> session = link.bound(MAX_WAIT);
            if (session.isEmpty()) {
                return new SendResult.TransientFailure("Not bound to the SMSC: " + link.problem(), retryAfterBind());
            }
            return submitAll(session.get(), source, destination, pdus);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("Interrupted while sending", null);
        }
    }

    private SendResult submitAll(SMPPSession session, SmppAddress source, SmppAddress destination, ShortMessages pdus)
            throws InterruptedException {
        List<String> ids = new ArrayList<>(pdus.parts().size());
        long firstSubmitNanos = System.nanoTime();
        for (int i = 0; i < pdus.parts().size(); i++) {
            Submitted submitted = submit(session, source, destination, pdus, i);
            for (int attempt = 2; i > 0 && submitted.retryable() && attempt <= LATER_PART_ATTEMPTS; attempt++) {
                Thread.sleep(submitted.retryAfter() == null ? THROTTLED_RETRY : submitted.retryAfter());
                submitted = submit(session, source, destination, pdus, i);
            }
            if (submitted.failure() != null) {
                if (i > 0) {
                    log.warn("SMPP {}: part {} of {} to {} not sent after {} were: {}", name, i + 1, pdus.parts().size(),
                            destination.value(), i, submitted.failure());
                }
                return submitted.failure();
            }
            ids.add(submitted.messageId());
        }
        parts.recordSubmitted(name, ids, firstSubmitNanos);
        return new SendResult.Accepted(ids.getFirst(), ids.size());
    }

    /** One submit_sm's outcome: the SMSC's message_id, or why not. */
    private record Submitted(String messageId, SendResult failure) {

        boolean retryable() {
            return failure instanceof SendResult.TransientFailure;
        }

        Duration retryAfter() {
            return failure instanceof SendResult.TransientFailure t ? t.retryAfter() : null;
        }
    }

    private Submitted submit(SMPPSession session, SmppAddress source, SmppAddress destination, ShortMessages pdus,
                             int part) throws InterruptedException {
        Optional<Duration> paced = pacer.await(MAX_WAIT);
        if (paced.isPresent()) {
            return failed(new SendResult.TransientFailure("Over the connection's throughput of "
                    + settings.throughputPerSecond() + " submit_sm per second", paced.get()));
        }
        if (!window.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            return failed(new SendResult.TransientFailure("All " + settings.windowSize()
                    + " window slots await the SMSC's responses", THROTTLED_RETRY));
        }
        try {
            ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                    pdus.udh() ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
            String messageId = session.submitShortMessage(null,
                    source.ton(), source.npi(), source.value(),
                    destination.ton(), destination.npi(), destination.value(),
                    esm, (byte) 0, (byte) 0, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new RawDataCoding(pdus.dataCoding()), (byte) 0, pdus.parts().get(part)).getMessageId();
            if (messageId == null || messageId.isBlank()) {
                return failed(new SendResult.PermanentFailure("NO_MESSAGE_ID",
                        "The SMSC accepted the message without a message_id, so no receipt could be matched"));
            }
            return new Submitted(messageId.strip(), null);
        } catch (NegativeResponseException e) {
            return failed(refused(e));
        } catch (ResponseTimeoutException e) {
            return failed(new SendResult.TransientFailure("No submit_sm_resp from " + settings.endpoint() + " within "
                    + settings.responseTimeout().toSeconds() + "s", null));
        } catch (PDUException e) {
            return failed(new SendResult.PermanentFailure("INVALID_PDU", "The message cannot be put in a submit_sm: "
                    + e.getMessage()));
        } catch (InvalidResponseException e) {
            return failed(new SendResult.TransientFailure("Invalid submit_sm_resp from " + settings.endpoint() + ": "
                    + e.getMessage(), null));
        } catch (IOException e) {
            return failed(new SendResult.TransientFailure("Lost the session to " + settings.endpoint() + ": "
                    + e.getMessage(), retryAfterBind()));
        } finally {
            window.release();
        }
    }

    private static Submitted failed(SendResult failure) {
        return new Submitted(null, failure);
    }

    private SendResult refused(NegativeResponseException e) {
        int status = e.getCommandStatus();
        String described = CommandStatus.describe(e);
        if (CommandStatus.isThrottling(status)) {
            return new SendResult.TransientFailure("The SMSC asked to slow down: " + described, THROTTLED_RETRY);
        }
        if (CommandStatus.isTransient(status)) {
            return new SendResult.TransientFailure("The SMSC could not take the message now: " + described, null);
        }
        return new SendResult.PermanentFailure(CommandStatus.name(status), "The SMSC refused the message: " + described);
    }

    private Duration retryAfterBind() {
        Duration wait = link.untilNextBind();
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    @Override
    public void close() {
        link.close();
    }
}

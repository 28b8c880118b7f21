package dev.herald.channel.smpp;

import dev.herald.channel.DeliveryReport.Outcome;
import java.util.Optional;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes deliver_sm from an SMPP connection's session. jSMPP sends the deliver_sm_resp once this returns, so a
 * receipt is acknowledged only after it is stored; if storing fails the SMSC hears a temporary error
 * (ESME_RX_T_APPN) and delivers the receipt again later.
 */
final class ReceiptListener implements MessageReceiverListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptListener.class);

    private final String provider;
    private final SmppParts parts;

    ReceiptListener(String provider, SmppParts parts) {
        this.provider = provider;
        this.parts = parts;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        Optional<Receipt> receipt;
        try {
            receipt = Receipt.of(deliverSm);
        } catch (IllegalArgumentException e) {
            // Refusing would only make the SMSC resend the same unreadable receipt.
            log.warn("SMPP {}: ignoring an unreadable receipt: {}", provider, e.getMessage());
            return;
        }
        if (receipt.isEmpty()) {
            log.debug("SMPP {}: ignoring a mobile-originated message from {}", provider, deliverSm.getSourceAddr());
            return;
        }
        Receipt r = receipt.get();
        if (r.outcome().isEmpty()) {
            log.debug("SMPP {}: part {} is {}, not final yet", provider, r.messageId(), r.state());
            return;
        }
        Outcome outcome = r.outcome().get();
        String text = "The SMSC reported " + r.state() + (r.error() == null ? "" : " (err " + r.error() + ")");
        try {
            parts.receive(provider, r.messageId(), outcome, outcome == Outcome.DELIVERED ? null : r.state(),
                    outcome == Outcome.DELIVERED ? null : text);
        } catch (RuntimeException e) {
            log.warn("SMPP {}: could not store the receipt for {}; the SMSC will resend it", provider, r.messageId(), e);
            throw new ProcessRequestException("Receipt not stored", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // Herald does not wait for a phone to become reachable; the SMSC retries delivery itself.
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}

package dev.herald.channel;

/**
 * A provider's later word on a message it accepted (a delivery receipt, a read or click notice).
 *
 * @param providerMessageId the id the provider gave in {@link SendResult.Accepted}
 * @param errorCode         the provider's reason for a negative outcome, else null
 */
public record DeliveryReport(String provider, String providerMessageId, Outcome outcome, String errorCode, String errorText) {

    public enum Outcome { DELIVERED, UNDELIVERED, EXPIRED, READ, CLICKED, FAILED }
}

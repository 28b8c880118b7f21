package dev.herald.routing;

import dev.herald.channel.SendResult;
import java.util.Locale;
import java.util.Set;

/**
 * Which outcomes are the provider's fault, so the next connection of the route is tried (and the circuit counts
 * a failure), and which are the recipient's or the message's, which another provider would answer the same way.
 */
final class FailoverRules {

    /** Permanent refusals that say the provider, not the message, is the problem. */
    private static final Set<String> PROVIDER_CODES = Set.of(
            "HTTP_401", "HTTP_402", "HTTP_403", "HTTP_404", "HTTP_407", "HTTP_429",
            "PROVIDER_ADDRESS_REFUSED", "PROVIDER_GONE", "FCM_AUTH", "VAPID_REJECTED",
            // SMPP: authentication, bind state, throttling, queue full, system error, no route
            "ESME_RINVPASWD", "ESME_RINVSYSID", "ESME_RBINDFAIL", "ESME_RINVBNDSTS", "ESME_RTHROTTLED",
            "ESME_RMSGQFUL", "ESME_RSYSERR", "ESME_RX_T_APPN", "ESME_RX_P_APPN", "ESME_RINVROUTE", "NO_ROUTE");

    private FailoverRules() {}

    /** Whether the next connection should be tried after this outcome. */
    static boolean failsOver(SendResult result) {
        return switch (result) {
            case SendResult.Accepted a -> false;
            case SendResult.TransientFailure t -> true;
            case SendResult.PermanentFailure p -> providersFault(p);
            case SendResult.RecipientBlocked b -> false;
        };
    }

    static boolean providersFault(SendResult.PermanentFailure failure) {
        String code = failure.code() == null ? "" : failure.code().toUpperCase(Locale.ROOT);
        return PROVIDER_CODES.contains(code) || code.contains("NO_ROUTE");
    }
}

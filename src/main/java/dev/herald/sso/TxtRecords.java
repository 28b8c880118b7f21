package dev.herald.sso;

import java.util.List;

/**
 * Reads a domain's DNS TXT records, for proving that an account owns the domains it signs in for. The real one
 * asks DNS ({@link JndiTxtRecords}); a test may put its own in place.
 */
public interface TxtRecords {

    /**
     * The domain's TXT records, each as one text (its character-strings joined); empty when the domain has none or
     * does not exist.
     *
     * @throws LookupFailed when no answer came (time-out, server failure)
     */
    List<String> of(String domain);

    /** DNS did not answer, so whether the record is there is unknown: worth trying again later. */
    class LookupFailed extends RuntimeException {

        public LookupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package dev.herald.web;

/** The caller did not prove who it is (e.g. a provider's webhook without its secret); answered 401. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}

package dev.herald.web;

/** The resource does not exist for the calling account (another account's resources do not exist either). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}

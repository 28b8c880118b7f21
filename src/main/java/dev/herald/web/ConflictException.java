package dev.herald.web;

/** The request contradicts what the server already holds (e.g. an idempotency key reused for another request). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}

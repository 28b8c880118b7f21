package dev.herald.esputnik;

import java.util.List;

/**
 * eSputnik's answer to a send: {@code id} is always 0, and each recipient gets a result in request order —
 * {@code OK} with the {@code requestId} that {@code GET message/status} takes, or {@code ERROR} with why.
 */
record SendResults(long id, List<Result> results) {

    record Result(long id, String locator, String status, String requestId, String message) {

        static Result ok(String locator, String requestId) {
            return new Result(0, locator, "OK", requestId, null);
        }

        static Result error(String locator, String message) {
            return new Result(0, locator, "ERROR", null, message);
        }
    }

    static SendResults of(List<Result> results) {
        return new SendResults(0, results);
    }
}

package dev.herald.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The database cannot be reached right now (down, restarting, or every connection failing): the request is
 * answered 503 with {@code Retry-After}, not 500, because the same request will work once it is back.
 */
final class DatabaseUnavailable {

    /** How long a client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String TITLE = "Service unavailable";
    static final String DETAIL = "The database cannot be reached right now. Try again in "
            + RETRY_AFTER_SECONDS + " seconds.";

    /** Shutting down, crashed, starting up: the server said it cannot take the statement now. */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {}

    /** True when {@code e} or one of its causes says the database could not be reached. */
    static boolean isCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08: connection exceptions (refused, broken, lost).
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_UNAVAILABLE.contains(sql.getSQLState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static ResponseEntity<ProblemDetail> answer() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                .body(ApiExceptionHandler.problem(HttpStatus.SERVICE_UNAVAILABLE, TITLE, DETAIL));
    }
}

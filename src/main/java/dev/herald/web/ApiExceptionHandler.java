package dev.herald.web;

import java.net.URI;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Maps every domain exception to one RFC 9457 problem; bad input never becomes a 500. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Tomcat names the parameter it could not decode in its message: "Parameter [limit] with value ...". */
    private static final Pattern PARAMETER_NAME = Pattern.compile("Parameter \\[([^\\]]{1,100})]");
    /**
     * PostgreSQL's SQLSTATEs for values it cannot store: a NUL character in text (22021) or in JSON (22P05), an
     * invalid byte sequence, a date-time or a number out of its range. Reading JSON refuses these already
     * ({@link StorableJson}); this catches them wherever else they arrive (query parameters, path variables).
     */
    private static final Map<String, String> UNSTORABLE = Map.of(
            "22021", "a text in the request contains the NUL character (\\u0000) or bytes that are not UTF-8,"
                    + " which cannot be stored",
            "22P05", "a text in the request contains the NUL character (\\u0000), which cannot be stored",
            "22008", "a date-time in the request is out of range",
            "22003", "a number in the request is out of range");

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        return invalidFields(e.problems());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", e.getMessage());
    }

    @ExceptionHandler(UnauthorizedException.class)
    ProblemDetail unauthorized(UnauthorizedException e) {
        return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(TryLaterException.class)
    ResponseEntity<ProblemDetail> tryLater(TryLaterException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Try again later", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        // A parser of Herald's own (e.g. DateTimeParameters) says what is wrong in its own words.
        String own = e.getMostSpecificCause().getMessage();
        return invalidFields(List.of(new FieldProblem(e.getName(), own != null && own.startsWith("must be ") ? own
                : "must be a valid " + expected + ", got '" + e.getValue() + "'")));
    }

    /**
     * A value PostgreSQL cannot store fails where it is stored or compared, which is the client's error, not the
     * server's; a database that cannot be reached is a 503 the client may retry.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(DataAccessException e) {
        if (DatabaseUnavailable.isCause(e)) {
            return DatabaseUnavailable.answer();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && UNSTORABLE.containsKey(sql.getSQLState())) {
                return ResponseEntity.badRequest()
                        .body(invalidFields(List.of(new FieldProblem("$", UNSTORABLE.get(sql.getSQLState())))));
            }
        }
        return unexpected(e);
    }

    /**
     * Tomcat could not decode the query string (percent-escapes that are not UTF-8, e.g. {@code %FF}) when a
     * parameter was first read.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameters(InvalidParameterException e) {
        return ResponseEntity.badRequest().body(invalidFields(List.of(undecodable(e))));
    }

    static FieldProblem undecodable(InvalidParameterException e) {
        Matcher name = PARAMETER_NAME.matcher(String.valueOf(e.getMessage()));
        String field = name.find() && StorableJson.problemWith(name.group(1)) == null ? name.group(1) : "query";
        return new FieldProblem(field, "is not valid percent-encoded UTF-8");
    }

    /** The body claims to be multipart but cannot be read as such (no boundary, a broken part). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed multipart",
                "The body is not valid multipart/form-data: " + rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // Also when the failure to connect comes wrapped, e.g. in a transaction that could not begin.
        if (DatabaseUnavailable.isCause(e)) {
            log.warn("The database cannot be reached ({}); answered 503", e.getMessage());
            return DatabaseUnavailable.answer();
        }
        log.error("Unhandled error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest()
                .body(invalidFields(List.of(new FieldProblem(e.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
            if (cause instanceof StreamReadException malformed) {
                return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed JSON",
                        "The body is not valid JSON: " + malformed.getOriginalMessage()));
            }
            if (cause instanceof JacksonException mapping) {
                return ResponseEntity.badRequest().body(invalidFields(
                        List.of(new FieldProblem(JsonPaths.of(mapping.getPath()), describe(mapping)))));
            }
            cause = cause.getCause();
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Unreadable body",
                "A JSON body is required."));
    }

    /** Jackson's messages name Java types; say instead what JSON the field takes. */
    private static String describe(JacksonException e) {
        if (e instanceof StorableJson.UnstorableValueException unstorable) {
            return unstorable.reason();
        }
        if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
            return "has an invalid value";
        }
        Class<?> type = mismatch.getTargetType();
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:00:00+03:00";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        return "must be an object";
    }

    static ProblemDetail invalidFields(List<FieldProblem> problems) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                problems.size() == 1 ? problems.getFirst().field() + ": " + problems.getFirst().message()
                        : problems.size() + " fields are invalid; see errors.");
        body.setProperty("errors", problems);
        return body;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create("https://herald.dev/problems/" + status.value()));
        return body;
    }
}

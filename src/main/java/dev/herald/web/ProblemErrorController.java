package dev.herald.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;

/**
 * The container's error page ({@code /error}: errors raised outside Spring MVC, e.g. in a servlet filter) as
 * problem+json for API clients, and the HTML page for browsers. Opened directly, with any method, it is a 404.
 */
@Controller
class ProblemErrorController extends BasicErrorController {

    ProblemErrorController(ErrorAttributes errorAttributes, List<ErrorViewResolver> errorViewResolvers) {
        super(errorAttributes, new ErrorProperties(), errorViewResolvers);
    }

    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            return HttpStatus.NOT_FOUND;
        }
        // A query string Tomcat cannot decode, first read by a filter (e.g. the OAuth endpoints'): the client's error.
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof InvalidParameterException) {
            return HttpStatus.BAD_REQUEST;
        }
        return super.getStatus(request);
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://herald.dev/problems/" + status.value());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof InvalidParameterException e) {
            body.put("detail", "The query string is not valid percent-encoded UTF-8.");
            body.put("errors", List.of(ApiExceptionHandler.undecodable(e)));
        } else {
            body.put("detail", path == null ? "There is nothing at this address."
                    : status.is5xxServerError() ? "An unexpected error occurred; it has been logged."
                    : "The request was refused: " + status.getReasonPhrase() + ".");
        }
        if (path != null) {
            body.put("instance", path);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}

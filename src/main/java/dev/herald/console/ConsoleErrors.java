package dev.herald.console;

import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PayloadTooLargeException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's error page: what went wrong in words, a way back, and never a stack trace. Ahead of the
 * API's problem+json handler for console controllers only.
 */
@ControllerAdvice(basePackages = "dev.herald.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    /** Any console address that no page answers. */
    @org.springframework.stereotype.Controller
    static class Unknown {

        @RequestMapping("/console/**")
        void unknown() {
            throw new NotFoundException("There is no such page in the console.");
        }
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        return page(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e) {
        return page(HttpStatus.CONFLICT, "Not possible now", e.getMessage());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ModelAndView invalid(InvalidRequestException e) {
        ModelAndView page = page(HttpStatus.BAD_REQUEST, "Something is not right", "Please check:");
        page.addObject("problems", e.problems());
        return page;
    }

    @ExceptionHandler({MaxUploadSizeExceededException.class, PayloadTooLargeException.class})
    ModelAndView tooLarge(Exception e) {
        return page(HttpStatus.CONTENT_TOO_LARGE, "The file is too large",
                "Split the file into several tasks, or ask the operator to raise herald.api.max-upload-size.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e) {
        log.error("Console error", e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Herald could not do this; the error has been logged for the operator.");
    }

    private static ModelAndView page(HttpStatus status, String title, String message) {
        ModelAndView page = new ModelAndView("console/error");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("message", PlainLanguage.forPeople(message));
        page.addObject("problems", List.<FieldProblem>of());
        return page;
    }
}

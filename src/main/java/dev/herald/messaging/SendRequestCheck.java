package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The intake's own validation, for callers that prepare a send ahead of time (send tasks check every row of a
 * file before anything is sent): the problems {@code POST /api/v1/messages} would answer 400 with, by JSON path.
 */
@Component
public class SendRequestCheck {

    private final MessageRequestValidator validator;

    SendRequestCheck(MessageRequestValidator validator) {
        this.validator = validator;
    }

    /** Every problem of the request, named by JSON path ({@code messages[0].destinations[3].phone}); empty when valid. */
    public List<FieldProblem> problems(AccountId account, SendMessagesRequest request) {
        try {
            validator.validate(account, request);
            return List.of();
        } catch (InvalidRequestException e) {
            return e.problems();
        }
    }
}

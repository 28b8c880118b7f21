package dev.herald.signup;

import dev.herald.admin.AccountLifecycle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Self-service sign-up without a token (docs/accounts.md, "Self-service sign-up"); 404 while it is off. */
@RestController
@RequestMapping("/api/v1/signup")
@Tag(name = "Sign-up", description = "An organisation signs itself up; off unless herald.signup.enabled. No token.")
class SignupController {

    /** What every accepted sign-up hears, whether or not the address has an account. */
    static final String SENT = "If the address can sign up, a link to verify it is on its way: follow it to create "
            + "the account.";

    private final Signups signups;

    SignupController(Signups signups) {
        this.signups = signups;
    }

    record SignupRequest(String organisation, String email, String password, String timeZone) {}

    record VerifyRequest(String token) {}

    @PostMapping
    @Operation(summary = "Sign up an organisation", description = "{organisation, email, password, timeZone?}: 202 "
            + "and an e-mail with a verification link (valid herald.signup.valid-for); the same 202 when the address "
            + "has an account (it gets a notice instead). 400 names organisation, timeZone, email or password; 429 "
            + "after herald.signup.per-email sign-ups of one address or per-client from one client in an hour.")
    ResponseEntity<?> signUp(@RequestBody SignupRequest request, HttpServletRequest http) {
        Signups.Outcome outcome = signups.request(request.organisation(), request.timeZone(), request.email(),
                request.password(), http.getRemoteAddr());
        if (outcome == Signups.Outcome.TOO_MANY) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many sign-ups for this address or from this client; try again in an hour.");
            problem.setTitle("Too many requests");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "3600")
                    .body(problem);
        }
        return ResponseEntity.accepted().body(Map.of("status", "sent", "message", SENT));
    }

    @PostMapping("/verify")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Verify the address and create the account", description = "{token} from the e-mailed "
            + "link → 201 {account, owner}: the person is the owner and signs in with the address and password. "
            + "400 names token when it is unknown, used or expired; 409 when the address has become a person's.")
    AccountLifecycle.Created verify(@RequestBody VerifyRequest request) {
        return signups.verify(request.token());
    }
}

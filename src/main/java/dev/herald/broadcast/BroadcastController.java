package dev.herald.broadcast;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Broadcasts in eSputnik's dialect: a template or message to a group, now or at {@code startDate}. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Broadcasts", description = "A template or message to a group (docs/broadcasts.md). API group: messages.")
class BroadcastController {

    private static final int MAX_ROWS = 500;

    private final BroadcastControl control;

    BroadcastController(BroadcastControl control) {
        this.control = control;
    }

    @PostMapping("/broadcast")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a broadcast", description = "To the contacts of groupId (a static or dynamic group, "
            + "taken when the broadcast starts), a templateId or channels, now or at startDate. Every message is "
            + "addressed to its contact, in the bulk lane, under the contact policy.")
    @ApiResponse(responseCode = "201", description = "Scheduled")
    @ApiResponse(responseCode = "400", description = "A field is wrong (named in the problem)")
    BroadcastControl.View create(AccountId account, @RequestBody BroadcastControl.NewBroadcast request) {
        return control.create(account, request);
    }

    @GetMapping("/broadcasts")
    @Operation(summary = "List broadcasts", description = "Newest first, an array; TotalCount header. "
            + "startindex counts from 1, maxrows at most 500.")
    @ApiResponse(responseCode = "200", description = "The broadcasts")
    @ApiResponse(responseCode = "400", description = "startindex or maxrows out of range")
    ResponseEntity<List<BroadcastControl.View>> list(AccountId account, @RequestParam(required = false) Integer startindex,
                                                     @RequestParam(required = false) Integer maxrows) {
        if (startindex != null && startindex < 1) {
            throw new InvalidRequestException("startindex", "counts from 1");
        }
        if (maxrows != null && (maxrows < 1 || maxrows > MAX_ROWS)) {
            throw new InvalidRequestException("maxrows", "must be between 1 and " + MAX_ROWS);
        }
        long offset = startindex == null ? 0 : startindex - 1L;
        return ResponseEntity.ok().header("TotalCount", String.valueOf(control.count(account)))
                .body(control.list(account, offset, maxrows == null ? MAX_ROWS : maxrows));
    }

    @GetMapping("/broadcast/{id}")
    @Operation(summary = "A broadcast with its progress and statistics")
    @ApiResponse(responseCode = "404", description = "No such broadcast in this account")
    BroadcastControl.View get(AccountId account, @PathVariable long id) {
        return control.get(account, id);
    }

    @DeleteMapping("/broadcast/{id}")
    @Operation(summary = "Cancel a broadcast", description = "What has not left is not sent: recipients not yet "
            + "handed over and messages still waiting in the delivery queue.")
    @ApiResponse(responseCode = "404", description = "No such broadcast in this account")
    @ApiResponse(responseCode = "409", description = "The broadcast has already finished")
    BroadcastControl.View cancel(AccountId account, @PathVariable long id) {
        return control.cancel(account, id);
    }
}

package dev.herald.channel.sandbox;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox inbox: what the sandbox provider "sent" for the calling account, newest first. */
@RestController
@RequestMapping("/api/v1/sandbox/messages")
@Tag(name = "Sandbox", description = "The built-in provider's outbox. Addresses ending in 9 fail at send, "
        + "in 0 end UNDELIVERED, in 8 get no report (and EXPIRE), anything else DELIVERED. API group: messages.")
class SandboxController {

    private final SandboxMessages messages;

    SandboxController(SandboxMessages messages) {
        this.messages = messages;
    }

    @GetMapping
    @Operation(summary = "List sandbox messages")
    Listing<SandboxMessages.SandboxMessage> list(AccountId account,
                                                 @RequestParam(required = false) String channel,
                                                 @RequestParam(required = false) String address,
                                                 @RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer limit) {
        Channel parsed = channel == null ? null : Channel.parse(channel)
                .orElseThrow(() -> new InvalidRequestException("channel", "unknown channel; known: " + Channel.keys()));
        Paging paging = Paging.of(page, limit);
        return new Listing<>(messages.count(account, parsed, address),
                messages.list(account, parsed, address, paging.page(), paging.limit()));
    }
}

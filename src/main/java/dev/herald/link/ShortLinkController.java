package dev.herald.link;

import dev.herald.auth.AccountId;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The short links of a message, with how often each was opened. */
@RestController
@RequestMapping("/api/v1/shortLinks")
@Tag(name = "Short links", description = "Tracked short links in SMS texts. API group: messages.")
class ShortLinkController {

    private final ShortLinks links;
    private final PublicBaseUrl publicBaseUrl;

    ShortLinkController(ShortLinks links, PublicBaseUrl publicBaseUrl) {
        this.links = links;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GetMapping
    @Operation(summary = "List the short links of a message",
            description = "Each link with its original URL and click counts. 404 when the account has no such message.")
    Listing<ShortLinkView> list(AccountId account, @RequestParam UUID messageId) {
        List<ShortLinkView> found = links.forMessage(account.value(), messageId, publicBaseUrl.resolve("/l/"))
                .orElseThrow(() -> new NotFoundException("No message " + messageId));
        return new Listing<>(found.size(), found);
    }
}

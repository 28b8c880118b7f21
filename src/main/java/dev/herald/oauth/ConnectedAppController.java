package dev.herald.oauth;

import dev.herald.auth.AccountId;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The partner apps the account has let in, and disconnecting one. */
@RestController
@RequestMapping("/api/v1/connected-apps")
@Tag(name = "Connected apps", description = "Partner apps authorized by the account's users. API group: full.")
class ConnectedAppController {

    private final ConnectedApps connected;

    ConnectedAppController(ConnectedApps connected) {
        this.connected = connected;
    }

    @GetMapping
    @Operation(summary = "List connected apps", description = "Name, granted scopes and since when.")
    List<ConnectedApps.ConnectedApp> list(AccountId account) {
        return connected.list(account);
    }

    @DeleteMapping("/{clientId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disconnect an app", description = "Its tokens stop working on the next request.")
    void disconnect(AccountId account, @PathVariable String clientId) {
        if (!connected.disconnect(account, clientId)) {
            throw new NotFoundException("No connected app " + clientId);
        }
    }
}

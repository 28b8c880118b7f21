package dev.herald.provider;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's provider connections: how its messages reach SMSCs, mail servers and messengers. */
@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Providers", description = "Provider connections per channel (SMPP, SMTP, Telegram, WhatsApp, ...). "
        + "Secrets are stored encrypted and never returned. A group's channel names a connection in `provider` "
        + "(name or id); without one, the account's default connection for the channel is used, else the "
        + "sandbox. API group: full.")
class ProviderController {

    private final ProviderConnectionService service;
    private final ProviderConnections connections;
    private final ProviderTypes types;

    ProviderController(ProviderConnectionService service, ProviderConnections connections, ProviderTypes types) {
        this.service = service;
        this.connections = connections;
        this.types = types;
    }

    record TypeView(String type, List<String> channels, List<SettingField> settings) {}

    @GetMapping("/types")
    @Operation(summary = "The provider types that can be connected, with their settings")
    List<TypeView> types() {
        return types.all().stream()
                .map(t -> new TypeView(t.type(), t.channels().stream().sorted().map(Channel::key).toList(),
                        ProviderConnectionService.fields(t)))
                .toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a provider",
            description = "With `test=true` the connection is tested first (SMPP bind, SMTP login, Telegram getMe) "
                    + "and only stored when the test passes. The first connection of a channel becomes its default "
                    + "unless `default` says otherwise.")
    ConnectionView create(AccountId account, @RequestBody ConnectionRequest request,
                          @Parameter(description = "Test before storing") @RequestParam(defaultValue = "false") boolean test) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with name, type and settings is required");
        }
        return view(service.create(account.value(), request, test));
    }

    @GetMapping
    @Operation(summary = "The account's provider connections")
    Listing<ConnectionView> list(AccountId account,
                                 @RequestParam(required = false) String channel,
                                 @RequestParam(required = false) String type) {
        Channel wanted = channel == null ? null : Channel.parse(channel)
                .orElseThrow(() -> new InvalidRequestException("channel", "unknown channel; known: " + Channel.keys()));
        List<ConnectionView> views = connections.list(account.value(), wanted, type).stream().map(this::view).toList();
        return new Listing<>(views.size(), views);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One provider connection")
    ConnectionView get(AccountId account, @PathVariable UUID id) {
        return view(service.find(account.value(), id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a provider connection",
            description = "Only the fields and settings given change; a setting set to null is removed; secrets "
                    + "left out or given as the mask keep their value. Messages already queued use the new "
                    + "settings within seconds on every node.")
    ConnectionView update(AccountId account, @PathVariable UUID id, @RequestBody ConnectionRequest request,
                          @RequestParam(defaultValue = "false") boolean test) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object is required");
        }
        return view(service.update(account.value(), id, request, test));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a provider connection",
            description = "Messages still queued for it fail with PROVIDER_GONE and their cascade moves on.")
    ResponseEntity<Void> delete(AccountId account, @PathVariable UUID id) {
        service.delete(account.value(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Test a provider connection against the real service")
    ConnectionCheck test(AccountId account, @PathVariable UUID id) {
        return service.test(account.value(), id);
    }

    private ConnectionView view(ProviderConnections.Stored stored) {
        List<SettingField> fields = types.find(stored.connection().type())
                .map(ProviderType::fields).orElse(List.of());
        return ConnectionView.of(stored, fields);
    }
}

package dev.herald.callback;

import dev.herald.channel.UrlGuard;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The callback URL rules ({@link CallbackUrlGuard}) offered to provider adapters, which may not import this package. */
@Component
class ProviderUrlGuard implements UrlGuard {

    private final CallbackUrlGuard guard;

    ProviderUrlGuard(CallbackUrlGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean allowsPrivateAddresses() {
        return guard.allowsPrivateAddresses();
    }

    @Override
    public Optional<Refusal> refusal(URI url) {
        return switch (guard.check(url)) {
            case CallbackUrlGuard.Verdict.Refused refused -> Optional.of(new Refusal(refused.reason(), true));
            case CallbackUrlGuard.Verdict.Unresolvable unresolvable -> Optional.of(new Refusal(unresolvable.reason(), false));
            case CallbackUrlGuard.Verdict.Allowed allowed -> Optional.empty();
        };
    }
}

package dev.herald.auth;

import java.util.UUID;

/** The account a request acts for; controllers take it as a parameter, resolved from the bearer token. */
public record AccountId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}

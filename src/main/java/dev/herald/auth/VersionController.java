package dev.herald.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells any valid token which API it talks to; partner apps call it to test their OAuth set-up. */
@RestController
@Tag(name = "Version", description = "API group: general (any valid token).")
class VersionController {

    static final String VERSION = "0.1.0";
    static final String PROTOCOL_VERSION = "2";

    record Version(String version, String protocolVersion) {}

    @GetMapping("/api/v2/version")
    @Operation(summary = "API and protocol version")
    Version version(AccountId account) {
        return new Version(VERSION, PROTOCOL_VERSION);
    }
}

package dev.herald.auth;

/** A TOTP secret being enrolled: base32 for typing in, and the otpauth:// URI authenticator apps read. */
public record TotpEnrolment(String secret, String uri) {}

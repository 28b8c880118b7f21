-- Two-factor sign-in of platform administrators (issue 17 item 4), kept like people's (V45) but apart: an
-- administrator belongs to no account. The secret is sealed by SecretBox under herald.secret-key; last_step is the
-- last time step a code was accepted for, so a code works once; recovery codes are kept only as SHA-256.
CREATE TABLE platform_admin_two_factor (
    admin_id      uuid PRIMARY KEY REFERENCES platform_admin (id) ON DELETE CASCADE,
    secret        text        NOT NULL,
    confirmed_at  timestamptz,
    last_step     bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform_admin_recovery (
    admin_id   uuid NOT NULL REFERENCES platform_admin (id) ON DELETE CASCADE,
    code_hash  text NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (admin_id, code_hash)
);

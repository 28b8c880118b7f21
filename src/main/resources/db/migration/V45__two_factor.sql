-- Two-factor sign-in (issue 17 item 4): a person's TOTP secret (RFC 6238), sealed by SecretBox under
-- herald.secret-key; unconfirmed until the person enters a first code. last_step is the last time step a code
-- was accepted for, so a code works once.
CREATE TABLE two_factor (
    user_id       uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    account_id    uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    secret        text        NOT NULL,
    confirmed_at  timestamptz,
    last_step     bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX two_factor_account ON two_factor (account_id);

-- One-time recovery codes: only their SHA-256 is kept.
CREATE TABLE two_factor_recovery (
    user_id    uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  text NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- An owner can require two-factor sign-in for everyone of the account.
ALTER TABLE account ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false;

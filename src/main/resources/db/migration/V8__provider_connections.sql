-- An account's connections to providers. Non-secret settings are readable JSON; the secret ones are one
-- JSON object sealed by SecretBox (bound to the row's id), never returned by the API.
CREATE TABLE provider_connection (
    id             uuid PRIMARY KEY,
    account_id     uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    type           text        NOT NULL,
    channel        text        NOT NULL,
    is_default     boolean     NOT NULL DEFAULT false,
    settings       jsonb       NOT NULL,
    sealed_secrets text        NOT NULL,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Requests name connections in any case.
CREATE UNIQUE INDEX provider_connection_name ON provider_connection (account_id, lower(name));
CREATE UNIQUE INDEX provider_connection_default ON provider_connection (account_id, channel) WHERE is_default;

-- Single sign-on: one OpenID Connect provider per account, and the e-mail domains whose people sign in
-- through it. A domain belongs to one account only, so the sign-in page can find the account from an address.
CREATE TABLE sso_connection (
    account_id    uuid PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    issuer        text        NOT NULL,
    client_id     text        NOT NULL,
    -- sealed with herald.secret-key (SecretBox), bound to the account
    client_secret text        NOT NULL,
    default_role  text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sso_domain (
    domain     text PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES sso_connection (account_id) ON DELETE CASCADE
);
CREATE INDEX sso_domain_account ON sso_domain (account_id);

-- Data retention: message content and addresses are erased this many days after the message was made.
ALTER TABLE account ADD COLUMN retention_days int NOT NULL DEFAULT 90
    CHECK (retention_days BETWEEN 1 AND 3650);
-- Every message of the account made before this has been looked at by the retention job (erased, or still
-- unfinished then): the next run starts here on message_account_created instead of at the account's first message.
ALTER TABLE account ADD COLUMN retention_floor timestamptz;

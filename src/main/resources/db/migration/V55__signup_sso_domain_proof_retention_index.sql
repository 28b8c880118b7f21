-- Self-service sign-up (dev.herald.signup): what a person asked for, kept until they follow the e-mailed link.
-- Not account data: there is no account yet. The link carries 32 random bytes; only their SHA-256 is kept. The
-- password is kept only as its hash, and the row goes when the link is used or some time after it expires.
CREATE TABLE signup (
    token_hash    text PRIMARY KEY,
    email         text        NOT NULL,
    organisation  text        NOT NULL,
    time_zone     text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX signup_email ON signup (email);
CREATE INDEX signup_expires ON signup (expires_at);

-- Single sign-on domains are proven by a DNS TXT record (herald-verification=<token>) before anyone signs in
-- through them. Any account may name a domain (so nobody can block its owner by naming it first); only one
-- account holds it verified. Domains named before this migration were never proven: they wait for their record.
ALTER TABLE sso_domain DROP CONSTRAINT sso_domain_pkey;
ALTER TABLE sso_domain ADD PRIMARY KEY (account_id, domain);
DROP INDEX sso_domain_account;
ALTER TABLE sso_domain ADD COLUMN verification_token text;
UPDATE sso_domain SET verification_token = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE sso_domain ALTER COLUMN verification_token SET NOT NULL;
ALTER TABLE sso_domain ADD COLUMN verified_at timestamptz;
CREATE UNIQUE INDEX sso_domain_verified ON sso_domain (domain) WHERE verified_at IS NOT NULL;

-- Data retention erases inbound chat lines (and replies) by age: this finds those that still hold text, per
-- account, without reading the account's whole transcript; erased lines leave the index.
CREATE INDEX chat_message_retained ON chat_message (account_id, created_at)
    WHERE message_id IS NULL
      AND (text IS NOT NULL OR payload IS NOT NULL OR buttons IS NOT NULL OR extra IS NOT NULL);

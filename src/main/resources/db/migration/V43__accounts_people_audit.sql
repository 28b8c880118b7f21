-- Platform administration (issue 17): an account is ACTIVE, SUSPENDED (its tokens and sessions fail, the engine
-- leaves its queued messages waiting) or DELETING (the same, while AccountEraser removes its rows in batches).
ALTER TABLE account ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETING'));
ALTER TABLE account ADD COLUMN status_changed_at timestamptz;
-- The engine's claim skips the few accounts that are not active.
CREATE INDEX account_not_active ON account (id) WHERE status <> 'ACTIVE';

-- People of an account: a role, an e-mail address (their sign-in name once invited) and, until they accept
-- their invitation, no password.
ALTER TABLE app_user ADD COLUMN email text;
ALTER TABLE app_user ADD COLUMN role text NOT NULL DEFAULT 'OWNER'
    CHECK (role IN ('OWNER', 'ADMIN', 'DEVELOPER', 'OPERATOR', 'VIEWER'));
ALTER TABLE app_user ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('INVITED', 'ACTIVE'));
ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));

-- Invitation and password-reset links: only the SHA-256 of the random token is kept; a link works once,
-- until it expires.
CREATE TABLE person_link (
    token_hash  text PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('INVITATION', 'PASSWORD_RESET')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_link_user ON person_link (account_id, user_id);

-- Platform operators: they manage accounts, and belong to none.
CREATE TABLE platform_admin (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL,
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX platform_admin_email ON platform_admin (lower(email));

-- Who changed what in an account, when and from where; never a secret. Kept for herald.audit.retention.
CREATE TABLE audit_event (
    id          bigserial PRIMARY KEY,
    account_id  uuid        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    address     text,
    action      text        NOT NULL,
    target      text,
    details     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_account ON audit_event (account_id, at DESC, id DESC);
CREATE INDEX audit_event_at ON audit_event (at);

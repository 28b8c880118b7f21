-- An account's contacts: the people it messages, known by the identifiers the business already uses.
-- contactId is Herald's (a bigint, as in the reference's examples); the other identifiers are optional
-- and each is unique within the account. phone holds E.164 digits without '+', email is in lower
-- case (both are normalised before they are stored or looked up).
CREATE TABLE contact (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id           uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    external_customer_id text,
    phone                text,
    email                text,
    first_name           text,
    last_name            text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_account ON contact (account_id, id);
CREATE UNIQUE INDEX contact_external_customer_id ON contact (account_id, external_customer_id)
    WHERE external_customer_id IS NOT NULL;
CREATE UNIQUE INDEX contact_phone ON contact (account_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX contact_email ON contact (account_id, email) WHERE email IS NOT NULL;

-- A contact's address in one messenger app (a Telegram bot's chat id): the reference's "application
-- tokens". A token belongs to one contact per app. A token the recipient blocked (HTTP 403 from Telegram,
-- the bot kicked) is kept with removed_at set: it no longer counts, is not sent to and is not shown, but
-- it keeps its contact, so the same chat coming back (/start again) rejoins that contact.
CREATE TABLE contact_token (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    app_id         uuid        NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    contact_id     bigint      NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    token          text        NOT NULL,
    source         text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    removed_at     timestamptz,
    removed_reason text,
    UNIQUE (app_id, token)
);
CREATE INDEX contact_token_contact ON contact_token (contact_id);
CREATE INDEX contact_token_live ON contact_token (app_id, contact_id) WHERE removed_at IS NULL;

-- What Herald knows of a Telegram app's bot (from getMe) and whether it receives the bot's updates;
-- a bot is connected once per account.
CREATE TABLE telegram_bot (
    connection_id   uuid PRIMARY KEY REFERENCES provider_connection (id) ON DELETE CASCADE,
    account_id      uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    bot_id          bigint      NOT NULL,
    username        text        NOT NULL,
    receive_updates boolean     NOT NULL DEFAULT false,
    checked_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX telegram_bot_account ON telegram_bot (account_id, bot_id);

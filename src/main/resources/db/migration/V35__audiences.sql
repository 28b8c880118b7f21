-- Audiences (eSputnik's contact model): the shared tables that contacts, groups, subscriptions, the contact
-- policy and broadcasts are built on. Later migrations of each capability add what only it needs.

-- eSputnik's contact attributes beyond names and identifiers. A deleted contact is erased (its personal data
-- removed) and keeps only its number, so restoreDeleted can bring it back by id without its old data.
ALTER TABLE contact
    ADD COLUMN language_code text,
    ADD COLUMN time_zone     text,
    ADD COLUMN address       jsonb,
    ADD COLUMN deleted_at    timestamptz;

-- A contact's further channels in eSputnik's terms (viber, mobilepush, webpush, ...): e-mail and sms stay in
-- contact.email / contact.phone, Telegram chats stay in contact_token. One value per (contact, type, value).
CREATE TABLE contact_channel (
    account_id uuid   NOT NULL,
    contact_id bigint NOT NULL,
    type       text   NOT NULL,
    value      text   NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, contact_id, type, value),
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_channel_value ON contact_channel (account_id, type, value);

-- Custom fields an account defines for its contacts, set by id or by name.
CREATE TABLE contact_field (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    type       text        NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'list')),
    options    jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, name),
    UNIQUE (account_id, id)
);

-- A contact's value of a custom field, stored as text in the field type's canonical form
-- (numbers as plain decimals, dates as ISO yyyy-MM-dd, booleans as true/false).
CREATE TABLE contact_field_value (
    account_id uuid   NOT NULL,
    contact_id bigint NOT NULL,
    field_id   bigint NOT NULL,
    value      text   NOT NULL,
    PRIMARY KEY (account_id, contact_id, field_id),
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, field_id) REFERENCES contact_field (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_field_value_field ON contact_field_value (account_id, field_id, value);

-- Groups (segments): static ones list their members in contact_group_member; dynamic ones are defined by
-- conditions (JSON) evaluated in SQL when they are read or sent to.
CREATE TABLE contact_group (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('static', 'dynamic')),
    conditions jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, name),
    UNIQUE (account_id, id)
);

CREATE TABLE contact_group_member (
    account_id uuid   NOT NULL,
    group_id   bigint NOT NULL,
    contact_id bigint NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, group_id, contact_id),
    FOREIGN KEY (account_id, group_id) REFERENCES contact_group (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_group_member_contact ON contact_group_member (account_id, contact_id);

-- Subscription categories of an account (e.g. 'news', 'promo'); a message may name one.
CREATE TABLE subscription_category (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    key         text        NOT NULL,
    name        text        NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, key)
);

-- A contact's opt-outs: from one category ('*' = every category) on one channel ('*' = every channel).
-- The policy refuses a message whose (category, channel) matches a row. source says how it came
-- ('api', 'list-unsubscribe', 'link', 'console', 'telegram-block', ...).
CREATE TABLE contact_unsubscribe (
    account_id uuid        NOT NULL,
    contact_id bigint      NOT NULL,
    category   text        NOT NULL DEFAULT '*',
    channel    text        NOT NULL DEFAULT '*',
    source     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, contact_id, category, channel),
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);

-- Addresses unsubscribed from e-mail without a contact (eSputnik's emails/unsubscribed), lower case.
CREATE TABLE unsubscribed_email (
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, email)
);

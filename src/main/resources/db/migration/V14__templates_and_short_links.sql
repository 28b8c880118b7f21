-- Message templates. A template's content lives in its versions; every update adds one, and a message group
-- records the version it was sent with. Deleting a template only marks it, so old groups still name it.
CREATE TABLE template (
    id           uuid PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    description  text,
    version      int         NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE UNIQUE INDEX template_name ON template (account_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX template_account ON template (account_id, created_at) WHERE deleted_at IS NULL;

-- json, not jsonb: the order of the channels is the cascade order and must survive storage.
CREATE TABLE template_version (
    template_id  uuid        NOT NULL REFERENCES template (id) ON DELETE CASCADE,
    version      int         NOT NULL,
    channels     json        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, version)
);

-- The moderation state of each channel of a version that needs one (WhatsApp templates, VKontakte,
-- Odnoklassniki). Only APPROVED channels are sent.
CREATE TABLE template_moderation (
    template_id  uuid        NOT NULL,
    version      int         NOT NULL,
    channel      text        NOT NULL,
    state        text        NOT NULL,
    reason       text,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, version, channel),
    FOREIGN KEY (template_id, version) REFERENCES template_version (template_id, version) ON DELETE CASCADE,
    CONSTRAINT template_moderation_state CHECK (state IN ('DRAFT', 'PENDING', 'APPROVED', 'REJECTED'))
);

ALTER TABLE message_group ADD COLUMN template_version int;
ALTER TABLE message_group ADD CONSTRAINT message_group_template
    FOREIGN KEY (template_id, template_version) REFERENCES template_version (template_id, version);

-- A destination's own channel contents (its rendered template, its short links), when they differ from the
-- group's; the cascade's later channels and every retry send these.
ALTER TABLE flow ADD COLUMN contents jsonb;

-- Tracked short links: one per (flow, channel, URL). The flow is inserted in the same transaction, after
-- the links are prepared, hence the deferred check.
CREATE TABLE short_link (
    code              text        PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES account (id),
    flow_id           uuid        NOT NULL REFERENCES flow (id) DEFERRABLE INITIALLY DEFERRED,
    channel           text        NOT NULL,
    url               text        NOT NULL,
    click_count       int         NOT NULL DEFAULT 0,
    first_clicked_at  timestamptz,
    last_clicked_at   timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX short_link_flow ON short_link (flow_id);

-- Every opening of a short link. Link previews (messenger and social bots fetching the page) are kept but
-- neither counted as clicks nor make a message CLICKED.
CREATE TABLE short_link_click (
    id          bigserial   PRIMARY KEY,
    code        text        NOT NULL REFERENCES short_link (code),
    at          timestamptz NOT NULL,
    user_agent  text,
    preview     boolean     NOT NULL DEFAULT false
);
CREATE INDEX short_link_click_code ON short_link_click (code, id);

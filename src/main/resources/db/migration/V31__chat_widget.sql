-- The web chat widget of a chat: the sites (origins) allowed to embed it. No row, or no origin: the widget is off.
CREATE TABLE chat_widget (
    chat_id          uuid PRIMARY KEY REFERENCES chat (id) ON DELETE CASCADE,
    account_id       uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    allowed_origins  text[]      NOT NULL DEFAULT '{}',
    title            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A browser that talks to a chat through its widget. The browser keeps the token; only its SHA-256 is stored,
-- so the table cannot be used to read visitors' dialogues. The visitor is the chat client 'web:<id>'.
CREATE TABLE chat_widget_visitor (
    id            uuid PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    chat_id       uuid        NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    token_hash    bytea       NOT NULL UNIQUE,
    origin        text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL
);
CREATE INDEX chat_widget_visitor_chat ON chat_widget_visitor (chat_id, created_at);

-- A visitor's conversation is the messages of their sessions on the chat.
CREATE INDEX chat_session_client ON chat_session (client_id, chat_id);

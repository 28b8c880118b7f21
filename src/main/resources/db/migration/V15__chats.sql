-- Bots: scripted dialogue scenarios. Every save is a new version; a session keeps the version it started
-- with, so editing a bot never breaks the dialogues in progress. Deleted bots are only hidden, because their
-- sessions and statistics still read them.
CREATE TABLE chat_bot (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    version     int         NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX chat_bot_account ON chat_bot (account_id, created_at) WHERE deleted_at IS NULL;

CREATE TABLE chat_bot_version (
    bot_id      uuid        NOT NULL REFERENCES chat_bot (id) ON DELETE CASCADE,
    version     int         NOT NULL,
    scenario    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, version)
);

-- A chat: a conversation endpoint of the account, bound to one connection per messenger.
CREATE TABLE chat (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    bot_id      uuid        REFERENCES chat_bot (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_account ON chat (account_id, created_at);

-- How a chat reaches a messenger: a provider connection, or the built-in sandbox messenger (connection_id
-- null). A connection serves one chat, so its inbound updates name the chat they belong to.
CREATE TABLE chat_messenger (
    chat_id        uuid NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    position       int  NOT NULL,
    messenger_type text NOT NULL,
    connection_id  uuid UNIQUE REFERENCES provider_connection (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, messenger_type)
);

-- A person the account talks to through its chats, by their address on a messenger (user id or phone).
CREATE TABLE chat_client (
    id                  uuid PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    address             text        NOT NULL,
    name                text,
    last_messenger_type text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, address)
);

-- One dialogue between a client and a bot (then perhaps an operator). status: ACTIVE (the bot talks),
-- OPERATOR (handed over to a person), FINISHED (the bot reached an end step), TIMED_OUT, CLOSED.
-- message_id: the chat-channel message that started it; its providerMessageId is this session's id.
CREATE TABLE chat_session (
    id                 uuid PRIMARY KEY,
    account_id         uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    chat_id            uuid        NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    client_id          uuid        NOT NULL REFERENCES chat_client (id) ON DELETE CASCADE,
    bot_id             uuid,
    bot_version        int,
    messenger_type     text        NOT NULL,
    name               text        NOT NULL,
    status             text        NOT NULL,
    current_step       text,
    variables          jsonb       NOT NULL DEFAULT '{}',
    initial_variables  jsonb       NOT NULL DEFAULT '[]',
    results            jsonb,
    message_id         uuid UNIQUE,
    created_at         timestamptz NOT NULL,
    last_activity_at   timestamptz NOT NULL,
    closed_at          timestamptz,
    FOREIGN KEY (bot_id, bot_version) REFERENCES chat_bot_version (bot_id, version)
);
CREATE INDEX chat_session_account ON chat_session (account_id, created_at);
CREATE INDEX chat_session_chat ON chat_session (chat_id, created_at);
-- At most one open session per client and chat: inbound messages are routed to it.
CREATE UNIQUE INDEX chat_session_open ON chat_session (chat_id, client_id) WHERE status IN ('ACTIVE', 'OPERATOR');
CREATE INDEX chat_session_idle ON chat_session (last_activity_at) WHERE status IN ('ACTIVE', 'OPERATOR');

-- A session's transcript, both ways; for the sandbox messenger this is also where its messages are seen.
-- direction IN (from the client) or OUT (bot, operator or a chat-channel message). status of OUT messages:
-- PENDING (to hand to the messenger), SENT, FAILED. message_id: the chat-channel message that caused it.
CREATE TABLE chat_message (
    id           uuid PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    session_id   uuid        NOT NULL REFERENCES chat_session (id) ON DELETE CASCADE,
    seq          bigserial,
    message_id   uuid,
    direction    text        NOT NULL,
    author       text        NOT NULL,
    text         text,
    payload      text,
    buttons      jsonb,
    extra        jsonb,
    provider     text        NOT NULL,
    provider_id  text,
    status       text        NOT NULL,
    error        text,
    attempts     int         NOT NULL DEFAULT 0,
    retry_at     timestamptz,
    created_at   timestamptz NOT NULL
);
CREATE INDEX chat_message_session ON chat_message (session_id, seq);
CREATE INDEX chat_message_message ON chat_message (message_id) WHERE message_id IS NOT NULL;
-- Replies whose hand-over to a messenger failed for a while, for the retry sweep.
CREATE INDEX chat_message_retry ON chat_message (retry_at) WHERE status = 'PENDING' AND message_id IS NULL;
-- Messengers retry webhooks: an inbound message is taken once.
CREATE UNIQUE INDEX chat_message_inbound ON chat_message (account_id, provider, provider_id)
    WHERE direction = 'IN' AND provider_id IS NOT NULL;

-- eSputnik's asynchronous bulk upsert (POST /api/v1/contacts, GET /api/v1/importstatus/{sessionId}): the request
-- stages its entries in contact_import_row and answers at once; a node then applies them chunk by chunk with
-- set-based statements under a lease, so a node that dies leaves the rest to another.
CREATE TABLE contact_import (
    id           uuid PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    status       text        NOT NULL CHECK (status IN ('STARTED', 'IMPORTING', 'FINISHED', 'ERROR')),
    options      jsonb       NOT NULL,
    total        int         NOT NULL,
    created      int         NOT NULL DEFAULT 0,
    updated      int         NOT NULL DEFAULT 0,
    rejected     int         NOT NULL DEFAULT 0,
    skipped      int         NOT NULL DEFAULT 0,
    error        text,
    locked_by    text,
    locked_until timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    UNIQUE (account_id, id)
);
CREATE INDEX contact_import_due ON contact_import (created_at) WHERE status IN ('STARTED', 'IMPORTING');

-- One entry of an import, validated and normalised when the request staged it. present lists the attributes
-- the entry gave (a missing one is left as it is on an existing contact). After the run only refused and
-- skipped entries stay, for the import's status.
CREATE TABLE contact_import_row (
    import_id     uuid    NOT NULL REFERENCES contact_import (id) ON DELETE CASCADE,
    n             int     NOT NULL,
    given_id      bigint,
    external      text,
    email         text,
    phone         text,
    first_name    text,
    last_name     text,
    language_code text,
    time_zone     text,
    address       jsonb,
    channels      jsonb,
    fields        jsonb,
    groups        text[],
    present       text[]  NOT NULL,
    dedupe_key    text,
    status        text    NOT NULL DEFAULT 'NEW',
    contact_id    bigint,
    error         text,
    PRIMARY KEY (import_id, n)
);
CREATE INDEX contact_import_row_key ON contact_import_row (import_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

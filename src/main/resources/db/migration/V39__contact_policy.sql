-- The contact policy (docs/contacts.md#contact-policy): what a message may carry, each account's settings, the
-- frequency counters, the contacts' activity and pending double opt-in confirmations.

-- A message group may name a subscription category (none = transactional) and be critical (bypasses frequency
-- caps and quiet hours, never an opt-out of its channel).
ALTER TABLE message_group
    ADD COLUMN category text,
    ADD COLUMN critical boolean NOT NULL DEFAULT false;

-- An account's policy settings: quiet hours (local times in the contact's zone, else the account's; from > to
-- spans midnight) and whether contact/subscribe asks for a confirmation by e-mail.
CREATE TABLE contact_policy (
    account_id    uuid PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    quiet_from    time,
    quiet_to      time,
    double_opt_in boolean     NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL) AND (quiet_from IS NULL OR quiet_from <> quiet_to))
);

-- At most max_messages messages of one category per contact within any period_seconds.
CREATE TABLE frequency_cap (
    account_id     uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    category       text NOT NULL,
    max_messages   int  NOT NULL CHECK (max_messages BETWEEN 1 AND 1000),
    period_seconds int  NOT NULL CHECK (period_seconds BETWEEN 60 AND 31622400),
    PRIMARY KEY (account_id, category)
);

-- The messages counted against a cap: per contact and category the recent ones (ids and times, at most the cap's
-- max_messages), updated by one INSERT ... ON CONFLICT per claimed batch; the row lock serialises nodes. A message
-- counted once is not counted again when it is claimed again (put back by a rate limit, a node died). wanted is
-- the last statement's request; cap and period_seconds the cap it applied.
CREATE TABLE frequency_count (
    account_id     uuid          NOT NULL,
    contact_id     bigint        NOT NULL,
    category       text          NOT NULL,
    sent_at        timestamptz[] NOT NULL,
    message_ids    uuid[]        NOT NULL,
    wanted         uuid[]        NOT NULL,
    cap            int           NOT NULL,
    period_seconds int           NOT NULL,
    PRIMARY KEY (account_id, contact_id, category),
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);

-- The counted messages after since, and as many of wanted as the cap still has room for (those counted already
-- need none), counted at at.
CREATE FUNCTION frequency_take(sent timestamptz[], ids uuid[], wanted uuid[], cap int, since timestamptz,
                               at timestamptz, OUT new_sent timestamptz[], OUT new_ids uuid[])
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    w    uuid;
    room int;
BEGIN
    SELECT coalesce(array_agg(t ORDER BY t), '{}'), coalesce(array_agg(i ORDER BY t), '{}')
    INTO new_sent, new_ids
    FROM unnest(sent, ids) AS u(t, i) WHERE t > since;
    room := cap - cardinality(new_ids);
    FOREACH w IN ARRAY wanted LOOP
        CONTINUE WHEN w = ANY (new_ids);
        EXIT WHEN room <= 0;
        new_ids := new_ids || w;
        new_sent := new_sent || at;
        room := room - 1;
    END LOOP;
END $$;

-- What happened to a contact's consent: unsubscribed (by API, List-Unsubscribe, link), subscribed, confirmed,
-- blocked a messenger, a push token unregistered.
CREATE TABLE contact_activity (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid        NOT NULL,
    contact_id bigint      NOT NULL,
    kind       text        NOT NULL,
    channel    text,
    category   text,
    message_id uuid,
    detail     text,
    at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_activity_contact ON contact_activity (account_id, contact_id, id);

-- A contact/subscribe waiting for its e-mail confirmation (double opt-in); the link carries the token, only its
-- hash is stored.
CREATE TABLE subscription_confirmation (
    token_hash   text PRIMARY KEY,
    account_id   uuid        NOT NULL,
    contact_id   bigint      NOT NULL,
    email        text        NOT NULL,
    categories   text[],
    expires_at   timestamptz NOT NULL,
    confirmed_at timestamptz,
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);

-- The contact policy finds a messenger address's contact by its token without knowing the app.
CREATE INDEX contact_token_account_token ON contact_token (account_id, token);

-- Contact ids are numbered per account (1, 2, 3, ... in each), so a contactId no longer tells how many contacts
-- other accounts made. The reference's numeric contactId stays; existing contacts keep their numbers, and an
-- account's next contact gets one more than the highest it has ever been given.
CREATE TABLE contact_counter (
    account_id uuid   PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    last_id    bigint NOT NULL
);
INSERT INTO contact_counter (account_id, last_id)
SELECT account_id, max(id) FROM contact GROUP BY account_id;

-- A contact is now known by (account, number); tokens point at it the same way, so a token can only ever
-- belong to a contact of its own account.
ALTER TABLE contact_token DROP CONSTRAINT contact_token_contact_id_fkey;
ALTER TABLE contact ALTER COLUMN id DROP IDENTITY;
ALTER TABLE contact DROP CONSTRAINT contact_pkey;
ALTER TABLE contact ADD PRIMARY KEY (account_id, id);
DROP INDEX contact_account;
ALTER TABLE contact_token ADD CONSTRAINT contact_token_contact_fkey
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE;
DROP INDEX contact_token_contact;
CREATE INDEX contact_token_contact ON contact_token (account_id, contact_id);

-- Failed sign-ins (console and OAuth sign-in pages) per username ('user:<name>') and per client address
-- ('address:<ip>'), shared by every node. failures counts within the window that began at window_start; at
-- the limit the subject is locked until locked_until, each lockout (lockouts) twice as long as the one before.
CREATE TABLE sign_in_throttle (
    subject      text        PRIMARY KEY,
    failures     int         NOT NULL,
    window_start timestamptz NOT NULL,
    lockouts     int         NOT NULL DEFAULT 0,
    locked_until timestamptz
);
CREATE INDEX sign_in_throttle_age ON sign_in_throttle (window_start);

-- Status-only updates (PENDING, DELIVERED, READ, DELAYED, a flow's status) can be HOT: PostgreSQL then writes the
-- new row version next to the old one and no index entry at all, instead of one entry in each of the table's
-- indexes. That needs two things: no index may name a column the update changes (its key, INCLUDE or predicate),
-- and the page must have room for the new version.

-- 1. The expiry sweep's index no longer names status in its predicate (it did: WHERE status = 'SENT'). It holds
-- every message that waited for a report, and the sweep walks it in order from a cursor kept in expiry_sweep,
-- looking at each entry once (see ValidityExpiry): the status is checked on the row, not in the index.
CREATE INDEX message_expiry ON message (expires_at, id) WHERE expires_at IS NOT NULL;

-- floor_at: every message marked SENT from now on gets expires_at >= floor_at (the engine's SENT statement takes
-- greatest(valid_until, floor_at) while it holds the expiry floor lock, see Messages.markSentAll), so the sweep
-- never has to look behind its cursor for a row that was committed late.
-- (swept_at, swept_id): the cursor; every entry of message_expiry before it has been looked at.
CREATE TABLE expiry_sweep (
    id       boolean     PRIMARY KEY DEFAULT true CHECK (id),
    floor_at timestamptz NOT NULL,
    swept_at timestamptz NOT NULL,
    swept_id uuid        NOT NULL
);
-- The sweep starts at the oldest message still waiting (found through the old index), and at the latest an hour
-- back, for a SENT committed by an older node while this ran.
INSERT INTO expiry_sweep (floor_at, swept_at, swept_id)
SELECT at, at, '00000000-0000-0000-0000-000000000000'
FROM (SELECT least(coalesce(min(expires_at), now()), now() - interval '1 hour') AS at
      FROM message WHERE status = 'SENT' AND expires_at IS NOT NULL) oldest;

DROP INDEX message_awaiting_report;

-- 2. Indexes nothing reads any more. message_bulk: every query by bulk names the account too, which
-- message_account_bulk_created serves (account_id, bulk_id, created_at). message_account_cost: the balance reads
-- account_spend (V52) since, and the cost report goes by account and creation time (message_account_created).
DROP INDEX message_bulk;
DROP INDEX message_account_cost;

-- A claim sets a job's locked_by and locked_until and nothing else: without an index on either it can be HOT. The
-- lease look-ups go through job_due instead (JobQueue.nextDueAt, release): a held job was due when claimed.
DROP INDEX job_lease;
DROP INDEX job_locked_by;

-- 3. Room on each page for the new versions. A batch marks whole pages of messages at once (they were inserted
-- together, and are claimed together), and within that transaction the old versions cannot be pruned yet, so a
-- page needs room for a new version of every row on it: half the page. The next update of the page prunes what the
-- last one left. Only pages written from now on are filled to this; existing pages keep what they have until they
-- are rewritten (VACUUM FULL or pg_repack).
ALTER TABLE message SET (fillfactor = 50);
ALTER TABLE flow SET (fillfactor = 50);
ALTER TABLE job SET (fillfactor = 50);

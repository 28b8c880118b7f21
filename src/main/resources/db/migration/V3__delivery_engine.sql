-- Bucket4j's token buckets for provider rate limits, shared by all nodes.
CREATE TABLE rate_limit_bucket (
    id          text PRIMARY KEY,
    state       bytea,
    expires_at  bigint
);
CREATE INDEX rate_limit_bucket_expiry ON rate_limit_bucket (expires_at);

-- A cancelled flow starts no further cascade channels.
ALTER TABLE flow ADD COLUMN cancelled_at timestamptz;

-- Refresh tokens that were already exchanged for a new pair (rotation), kept as SHA-256 hashes like the
-- live ones. One presented again is a replay: a sign that it leaked, so the whole authorization (its
-- current access and refresh tokens) is revoked (RFC 9700 §4.14). The rows go with their authorization.
CREATE TABLE oauth2_rotated_refresh_token (
    token_hash        text         PRIMARY KEY,
    authorization_id  varchar(100) NOT NULL REFERENCES oauth2_authorization (id) ON DELETE CASCADE,
    rotated_at        timestamptz  NOT NULL DEFAULT now(),
    expires_at        timestamptz
);
CREATE INDEX oauth2_rotated_refresh_token_authorization ON oauth2_rotated_refresh_token (authorization_id);

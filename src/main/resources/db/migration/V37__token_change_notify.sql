-- Each node remembers bearer-token lookups for a few seconds (auth.BearerTokenCache). Any change to tokens or
-- to what a token reaches NOTIFYs token_change when it commits, and every node LISTENs and forgets them all,
-- so a revoked token stops working on every node at once. Once per statement: a bulk change costs one NOTIFY
-- (PostgreSQL folds equal notifications of one transaction into one).
CREATE FUNCTION notify_token_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('token_change', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER api_token_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();
-- New authorizations revoke nothing; rotation, revocation and disconnection update or delete them.
CREATE TRIGGER oauth2_authorization_change AFTER UPDATE OR DELETE OR TRUNCATE ON oauth2_authorization
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();
-- A partner app's scopes bound its tokens' scopes.
CREATE TRIGGER oauth2_registered_client_change AFTER UPDATE OR DELETE OR TRUNCATE ON oauth2_registered_client
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();
CREATE TRIGGER partner_app_change AFTER DELETE OR TRUNCATE ON partner_app
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();
-- A suspended, changed or deleted account, and a user who left, whose partner tokens act for the account.
CREATE TRIGGER account_change AFTER UPDATE OR DELETE OR TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();
CREATE TRIGGER app_user_change AFTER UPDATE OR DELETE OR TRUNCATE ON app_user
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();

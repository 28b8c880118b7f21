-- An API token may be limited to some API groups, named by the same scopes as partner apps' OAuth tokens
-- (ApiScope values); NULL is every group, as every token before.
ALTER TABLE api_token ADD COLUMN scopes text[];

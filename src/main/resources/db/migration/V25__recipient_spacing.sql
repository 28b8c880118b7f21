-- When each recipient may next get a message through a provider (per-recipient spacing), shared by all nodes.
-- Unlogged: this is throttling state of the last seconds, not data; after a crash of PostgreSQL it starts
-- empty, which costs at most one message per recipient sent early, and it writes no WAL per message.
CREATE UNLOGGED TABLE recipient_spacing (
    id       text PRIMARY KEY,
    next_at  timestamptz NOT NULL
);
CREATE INDEX recipient_spacing_next_at ON recipient_spacing (next_at);

-- Which destination field gave a message its address (PHONE, EMAIL, MESSENGER_USER_ID, or CONTACT_... when the
-- destination's contact gave it; see channel.AddressSource), for providers whose service takes different
-- kinds of address in different fields. Null for messages stored before.
ALTER TABLE message ADD COLUMN address_source text;
-- VK and OK notifications not yet handed over: the provider used to look the source up in the destination at
-- send time (the address is the destination's phone when it has one, else its user id).
UPDATE message m SET address_source = CASE WHEN f.destination ->> 'phone' = m.address THEN 'PHONE' ELSE 'MESSENGER_USER_ID' END
FROM flow f
WHERE f.id = m.flow_id AND m.channel IN ('VKONTAKTE', 'ODNOKLASSNIKI')
  AND m.status IN ('CREATED', 'DELAYED', 'PENDING', 'PAUSED');

-- Bot-line replies the messenger did not take are retried by a leased worker (chat.session.ReplyRetries): the
-- node holding a reply, while retry_at is its lease.
ALTER TABLE chat_message ADD COLUMN locked_by text;

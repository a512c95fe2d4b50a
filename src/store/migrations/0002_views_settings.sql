-- Generated typed views live in their own schema: `select * from data.distributors`.
create schema if not exists data;

-- Pipeline settings per connection (removal grace period, mass-removal guard), kept apart from the connector's own
-- config so a connector's schema never has to know them.
alter table connections add column settings jsonb not null default '{}'::jsonb;

-- Hash of the record exactly as the source sent it (plus the schema and normalisation settings): a reload whose raw
-- row is unchanged skips validation and normalisation entirely, so unchanged reloads cost a hash and a lookup.
alter table records add column raw_hash text;

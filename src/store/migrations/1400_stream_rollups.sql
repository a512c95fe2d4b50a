-- Pre-aggregated statistics of a stream's active records (count, and sum / non-empty count of numeric fields) per
-- group of field values, maintained in the same transaction as every write to `records`, so a dashboard's counts and
-- sums over millions of records read a few thousand groups instead. Declared by packs (`rollups` in a pack spec);
-- `src/store/stream-rollups.ts` generates each declaration's `apply_sql`.
create table stream_rollups (
  id serial primary key,
  name text not null unique,
  stream_name text not null,
  -- Group fields, as their text values; `day_field` (if any) is grouped by its first 10 characters (the ISO date).
  dims text[] not null,
  day_field text not null default '',
  measures text[] not null,
  source text not null,
  -- One statement applying a delta: `%s` is replaced by the signed rows (sign, records columns), $1 is the stream id,
  -- $2 the rollup id.
  apply_sql text not null,
  declared_at timestamptz not null default now()
);
create index stream_rollups_stream_idx on stream_rollups (stream_name);

create table stream_rollup_groups (
  rollup_id int not null references stream_rollups(id) on delete cascade,
  -- The dims' values in declaration order, then the day.
  dims text[] not null,
  n bigint not null,
  sums numeric[] not null,
  counts bigint[] not null,
  primary key (rollup_id, dims)
);
-- The first group field is what pages filter by most (the dealer): its groups without reading the rollup's others.
create index stream_rollup_groups_first_idx on stream_rollup_groups (rollup_id, (dims[1]));

-- One delta per statement from its transition tables: rows leaving (old, active) count -1, rows arriving (new, active)
-- +1. Only rollups of the streams the statement touched run.
create function sluice_apply_stream_rollups() returns trigger language plpgsql as $$
declare
  src text;
  ids int[];
  r record;
begin
  if not exists (select 1 from stream_rollups) then
    return null;
  end if;
  src := case tg_op
    when 'INSERT' then 'select 1 as sign, * from rollup_new'
    when 'DELETE' then 'select -1 as sign, * from rollup_old'
    else 'select -1 as sign, * from rollup_old union all select 1 as sign, * from rollup_new'
  end;
  execute format('select array_agg(distinct stream_id) from (%s) c', src) into ids;
  for r in
    select ro.id, ro.apply_sql, s.id as stream_id
    from stream_rollups ro join streams s on s.name = ro.stream_name
    where s.id = any(ids)
    order by ro.id
  loop
    execute format(r.apply_sql, src) using r.stream_id, r.id;
  end loop;
  return null;
end $$;

create trigger records_rollups_insert after insert on records
  referencing new table as rollup_new for each statement execute function sluice_apply_stream_rollups();
create trigger records_rollups_update after update on records
  referencing old table as rollup_old new table as rollup_new for each statement execute function sluice_apply_stream_rollups();
create trigger records_rollups_delete after delete on records
  referencing old table as rollup_old for each statement execute function sluice_apply_stream_rollups();

-- Manual runs over a date range (sluice sync --from/--to): the range they read, shown in the job history.
alter table runs add column range_from timestamptz;
alter table runs add column range_to timestamptz;
-- Job history filters: by connection and status over time, and by stream (a run's per-stream counts are its keys).
create index runs_status_started_idx on runs (status, started_at desc);
create index runs_streams_idx on runs using gin (streams);

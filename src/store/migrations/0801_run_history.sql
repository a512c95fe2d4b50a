-- Job history: which job ran a sync (cancel and retry from the history) and which streams it was asked for
-- (one history entry per run and stream: a DGI dealer × job type).
alter table runs add column job_id uuid;
alter table runs add column requested_streams text[];
create index runs_job_idx on runs (job_id) where job_id is not null;

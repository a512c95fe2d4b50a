-- Keys a full-snapshot run has seen, per stream, so removals are inferred by one anti-join at the end of the run
-- instead of holding every key in the process (memory stays bounded for any stream size). Unlogged and unindexed:
-- rows live only while their run does (deleted when the stream's sync ends), and a crash loses nothing a later run
-- needs — a run that did not complete infers no removal.
create unlogged table run_seen_keys (
  run_id uuid not null,
  stream_id int not null,
  key text not null
);

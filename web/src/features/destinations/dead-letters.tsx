import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../auth/session';
import { fmtDateTime } from '../../components/format';
import { Card, ErrorBox, Loading } from '../../components/ui';

/** A webhook's dead letters (batches that failed every attempt) with the receiver's last answer, and redelivery. */
export function DeadLetters({ name }: { name: string }) {
  const can = useCan();
  const qc = useQueryClient();
  const dead = useQuery({
    queryKey: ['dead-letters', name],
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/{name}/dead-letters', { params: { path: { name }, query: { limit: 100 } } })),
    refetchInterval: 10_000,
  });
  const redeliver = useMutation({
    mutationFn: (batch_id?: string) => unwrap(api.POST('/api/v1/webhooks/{name}/redeliver', { params: { path: { name } }, body: batch_id ? { batch_id } : {} })),
    onSuccess: async () => {
      for (const k of ['dead-letters', 'deliveries']) await qc.invalidateQueries({ queryKey: [k, name] });
    },
  });
  const items = dead.data?.items ?? [];
  const canRun = can('pushes:run');
  return (
    <Card
      title="Dead letters"
      className="mt"
      actions={canRun && items.length ? <button type="button" className="btn btn-primary" disabled={redeliver.isPending} onClick={() => redeliver.mutate(undefined)}>{redeliver.isPending ? 'Redelivering…' : `Redeliver all (${items.length})`}</button> : null}
    >
      <div aria-live="polite">
        {redeliver.error ? <ErrorBox error={redeliver.error} title="Redelivery did not run" /> : null}
        {redeliver.data ? (
          <div className={redeliver.data.failures.length ? 'error-box' : 'success'} role="status">
            Redelivered {redeliver.data.batches} batch(es): {redeliver.data.events} event(s) delivered in {redeliver.data.calls} request(s)
            {redeliver.data.failures.length ? <>; {redeliver.data.failures.length} dead-lettered again: {redeliver.data.failures.map((f) => `${f.message} (${f.code})`).join('; ')}</> : '.'}
          </div>
        ) : null}
      </div>
      {dead.isPending ? <Loading /> : dead.error ? <ErrorBox error={dead.error} /> : items.length === 0 ? (
        <p className="muted">No dead letter: every batch was delivered or is still being retried.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Dead letters</caption>
            <thead><tr><th scope="col">Dead since</th><th scope="col">Batch</th><th scope="col">Events</th><th scope="col">Attempts</th><th scope="col">Last answer</th>{canRun ? <th scope="col">Actions</th> : null}</tr></thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td className="nowrap">{fmtDateTime(x.created_at)}</td>
                  <td className="mono small">{x.batch_id}</td>
                  <td className="num">{x.events}</td>
                  <td className="num">{x.attempts}</td>
                  <td className="wrap small">{x.reason}</td>
                  {canRun ? <td><button type="button" className="btn btn-small" aria-label={`Redeliver batch ${x.batch_id}`} disabled={redeliver.isPending} onClick={() => redeliver.mutate(x.batch_id)}>Redeliver</button></td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { SchemaForm, type FormValues, type JsonSchema } from '../../components/schema-form';
import { Card, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/connections/new');

export function NewConnectionPage() {
  const { connector } = route.useSearch();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const connectors = useQuery({ queryKey: ['connectors'], queryFn: () => unwrap(api.GET('/api/v1/connectors')) });
  const [name, setName] = useState('');
  const [values, setValues] = useState<FormValues>({});
  const chosen = connectors.data?.items.find((c) => c.id === connector);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/connections', { body: { name, connector: connector ?? '', config: values } })),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['connections'] });
      await navigate({ to: '/connections/$name', params: { name: c.name } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  if (connectors.isPending) return <Loading />;
  if (connectors.error) return <ErrorBox error={connectors.error} />;
  return (
    <>
      <PageHeader crumbs={<><Link to="/connections">Connections</Link> /</>} title={chosen ? `New ${chosen.name} connection` : 'New connection'} subtitle={chosen?.description} />
      <Card>
        <form onSubmit={submit} style={{ maxWidth: 560 }}>
          <div className="field">
            <label htmlFor="connector-choice">Connector</label>
            <select id="connector-choice" value={connector ?? ''} onChange={(e) => { setValues({}); void navigate({ to: '/connections/new', search: { connector: e.target.value || undefined } }); }} required>
              <option value="">choose…</option>
              {connectors.data.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="connection-name">Name</label>
            <input id="connection-name" required pattern="[a-z0-9][a-z0-9_\-]*" maxLength={63} value={name} onChange={(e) => setName(e.target.value)} aria-describedby="connection-name-hint" />
            <span className="hint" id="connection-name-hint">Lower-case letters, digits, - and _; used in commands and links.</span>
          </div>
          {chosen ? <SchemaForm schema={chosen.config_schema as JsonSchema} secrets={chosen.secrets} fields={chosen.fields} values={values} onChange={setValues} /> : null}
          {create.error ? <ErrorBox error={create.error} title="The connection was not created" /> : null}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={!chosen || create.isPending}>Create connection</button>
            <Link to="/connections" className="btn btn-quiet">Cancel</Link>
          </div>
        </form>
      </Card>
    </>
  );
}

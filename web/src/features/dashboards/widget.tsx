import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { EChartsOption } from 'echarts';
import { useState } from 'react';
import { api, queryString, unwrap } from '../../api/client';
import { Chart } from '../../components/chart';
import { fmtDateTime, fmtFormatted } from '../../components/format';
import { Badge, Card, ErrorBox, Loading } from '../../components/ui';
import type { EvaluatedWidget } from './dashboard-api';

type Of<T extends EvaluatedWidget['type']> = Extract<EvaluatedWidget, { type: T }>;
type Row = Of<'table'>['data']['rows'][number];

/** One widget of any pack's dashboard, drawn from the evaluated contract alone. */
export function Widget({ w }: { w: EvaluatedWidget }) {
  const source = w.source;
  const actions = source ? (
    <>
      <Link to="/data/$stream" params={{ stream: source.stream }} search={{ where: source.where.length ? source.where : undefined, q: source.q, status: source.status === 'active' ? undefined : source.status }} className="btn btn-small">Rows</Link>
      <a className="btn btn-small" href={`/api/v1/streams/${encodeURIComponent(source.stream)}/export${queryString({ where: source.where, q: source.q, status: source.status, format: 'csv' })}`}>CSV</a>
    </>
  ) : null;
  return (
    <Card title={w.title} actions={w.type === 'metric' ? null : actions} className="widget">
      {w.description ? <p className="muted small" style={{ marginTop: -6 }}>{w.description}</p> : null}
      {w.error ? <ErrorBox error={Object.assign(new Error(w.error.message), { code: w.error.code })} title="This widget could not be evaluated" /> : <Body w={w} />}
    </Card>
  );
}

function Body({ w }: { w: EvaluatedWidget }) {
  switch (w.type) {
    case 'metric':
      return <div className="stat-value" style={{ fontSize: '2rem' }}>{fmtFormatted(w.data.value, w.format)}</div>;
    case 'bar':
    case 'line':
    case 'pie':
      return w.data.rows.length === 0 ? <p className="muted">No data for these filters.</p> : <Chart option={chartOption(w)} label={`${w.type} chart: ${w.title}`} />;
    case 'table':
      return <TableBody w={w} />;
    case 'map':
      return <Chart option={mapOption(w)} label={`Map: ${w.title}`} map />;
    case 'changes':
      return w.data.items.length === 0 ? <p className="muted">No change yet.</p> : (
        <ul className="timeline" style={{ maxHeight: 360, overflow: 'auto' }}>
          {w.data.items.map((c) => (
            <li key={c.id}>
              <div className="row">
                <Badge value={c.kind} /> <Link to="/data/$stream/records/$key" params={{ stream: c.stream, key: c.key }} className="mono small">{c.stream}/{c.key}</Link>
                <span className="muted small">{fmtDateTime(c.at)}</span>
              </div>
              {c.fields ? <div className="small muted">{Object.keys(c.fields).join(', ')}</div> : null}
            </li>
          ))}
        </ul>
      );
  }
}

function chartOption(w: Of<'bar' | 'line' | 'pie'>): EChartsOption {
  const { columns, rows } = w.data;
  const label = (name: string) => columns.find((c) => c.name === name)?.label ?? name;
  const fmt = (name: string) => columns.find((c) => c.name === name)?.format;
  const xs = [...new Set(rows.map((r) => String(r[w.x] ?? '')))];
  if (w.type === 'pie') {
    const y = w.y[0] ?? '';
    return {
      tooltip: { trigger: 'item', valueFormatter: (v) => fmtFormatted(v as number, fmt(y)) },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r) => ({ name: String(r[w.x] ?? ''), value: Number(r[y] ?? 0) })) }],
    };
  }
  let series: { name: string; data: number[] }[];
  if (w.series) {
    const keys = [...new Set(rows.map((r) => String(r[w.series ?? ''] ?? '')))];
    const y = w.y[0] ?? '';
    series = keys.map((k) => ({ name: k, data: xs.map((x) => Number(rows.find((r) => String(r[w.x]) === x && String(r[w.series ?? '']) === k)?.[y] ?? 0)) }));
  } else {
    series = w.y.map((y) => ({ name: label(y), data: xs.map((x) => Number(rows.find((r) => String(r[w.x]) === x)?.[y] ?? 0)) }));
  }
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmtFormatted(v as number, fmt(w.y[0] ?? '')) },
    legend: series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: xs, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ ...s, type: w.type === 'line' ? 'line' : 'bar', smooth: w.type === 'line', stack: w.type === 'bar' && w.series ? 'total' : undefined })),
  } as EChartsOption;
}

function mapOption(w: Of<'map'>): EChartsOption {
  if (w.data.mode === 'countries') {
    const values = w.data.countries.map((c) => c.value);
    return {
      tooltip: { trigger: 'item' },
      visualMap: { min: Math.min(0, ...values), max: Math.max(1, ...values), left: 8, bottom: 8, calculable: true, inRange: { color: ['#e9ecfc', '#3446c9'] } },
      series: [{ type: 'map', map: 'world', roam: true, data: w.data.countries.map((c) => ({ name: c.code.toUpperCase(), value: c.value })) }],
    };
  }
  return {
    tooltip: { trigger: 'item', formatter: (p) => String((p as { name?: string }).name ?? '') },
    geo: { map: 'world', roam: true, itemStyle: { areaColor: '#eef0f4', borderColor: '#c5ccd8' } },
    series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 7, data: w.data.points.map((p) => ({ name: p.label, value: [p.lon, p.lat] })) }],
  };
}

/** Aggregate tables show all their rows; records tables page on through the records API with the widget's query. */
function TableBody({ w }: { w: Of<'table'> }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const src = w.source;
  const page = useQuery({
    queryKey: ['widget-page', w.id, src, cursor],
    enabled: Boolean(w.paged && src && cursor),
    queryFn: () =>
      unwrap(api.GET('/api/v1/streams/{stream}/records', {
        params: { path: { stream: src?.stream ?? '' }, query: { where: src?.where ?? [], ...(src?.q ? { q: src.q } : {}), status: src?.status ?? 'active', ...(w.sort ? { sort: w.sort } : {}), limit: Math.max(w.data.rows.length, 10), ...(cursor ? { cursor } : {}) } },
      })),
  });
  const rows: Row[] = cursor
    ? (page.data?.items ?? []).map((r) => Object.fromEntries(w.data.columns.map((c) => [c.name, c.name === 'key' ? r.key : ((r.data[c.name] ?? null) as Row[string])])))
    : w.data.rows;
  const next = cursor ? page.data?.next_cursor : w.next_cursor;
  return (
    <>
      <div className="table-wrap" tabIndex={0} style={{ maxHeight: 420, overflow: 'auto' }}>
        <table className="data">
          <caption className="sr-only">{w.title}</caption>
          <thead><tr>{w.data.columns.map((c) => <th key={c.name} scope="col" className={c.type === 'number' ? 'num' : ''}>{c.label}</th>)}</tr></thead>
          <tbody>
            {cursor && page.isPending ? <tr><td colSpan={w.data.columns.length}><Loading /></td></tr> : rows.map((r, i) => (
              <tr key={i}>{w.data.columns.map((c) => <td key={c.name} className={c.type === 'number' ? 'num' : ''}>{fmtFormatted(r[c.name], c.format)}</td>)}</tr>
            ))}
            {rows.length === 0 && !page.isPending ? <tr><td colSpan={w.data.columns.length} className="muted">No rows.</td></tr> : null}
          </tbody>
        </table>
      </div>
      {page.error ? <ErrorBox error={page.error} /> : null}
      {w.paged ? (
        <nav className="pager" aria-label={`${w.title} pages`}>
          <button type="button" className="btn btn-small" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
          <button type="button" className="btn btn-small" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>Next</button>
        </nav>
      ) : null}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import type { StreamField } from '../../api/types';
import { Chart } from '../../components/chart';
import { fmtFormatted } from '../../components/format';
import { ErrorBox, Loading } from '../../components/ui';
import { fetchAggregate, type TabularData } from './aggregate';
import { isNumeric } from './filters';

function statsMetrics(f: StreamField): string[] {
  const base = ['count', `count_distinct:${f.name}`];
  if (isNumeric(f)) return [...base, `min:${f.name}`, `max:${f.name}`, `avg:${f.name}`, `sum:${f.name}`];
  if (f.type === 'date' || f.type === 'datetime') return [...base, `min:${f.name}`, `max:${f.name}`];
  return base;
}

function chartOf(f: StreamField, data: TabularData): EChartsOption {
  const x = data.columns.find((c) => c.role === 'group');
  const y = data.columns.find((c) => c.role === 'metric');
  const rows = data.rows;
  const cats = rows.map((r) => (x ? String(r[x.name] ?? '(empty)') : ''));
  const vals = rows.map((r) => (y ? Number(r[y.name] ?? 0) : 0));
  const time = f.type === 'date' || f.type === 'datetime';
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: cats, axisLabel: { rotate: time ? 0 : 30, hideOverlap: true } },
    yAxis: { type: 'value' },
    series: [{ type: time ? 'line' : 'bar', data: vals, name: y?.label ?? 'count', areaStyle: time ? { opacity: 0.12 } : undefined }],
  };
}

/** Summary statistics and a chart of one field, over exactly the rows the explorer's filters select. */
export function FieldSummary(props: { stream: string; field: StreamField; where: readonly string[]; q?: string | undefined; status?: 'active' | 'removed' | 'all' | undefined }) {
  const f = props.field;
  const time = f.type === 'date' || f.type === 'datetime';
  const common = { where: props.where, ...(props.q ? { q: props.q } : {}), ...(props.status ? { status: props.status } : {}) };
  const stats = useQuery({
    queryKey: ['aggregate', props.stream, 'stats', f.name, common],
    queryFn: () => fetchAggregate(props.stream, { metric: statsMetrics(f), ...common }),
    retry: false,
  });
  const dist = useQuery({
    queryKey: ['aggregate', props.stream, 'dist', f.name, common],
    queryFn: () =>
      fetchAggregate(props.stream, time ? { by: [`${f.name}:month`], metric: ['count'], sort: `${f.name}_month`, limit: 120, ...common } : { by: [f.name], metric: ['count'], sort: '-count', limit: 15, ...common }),
    retry: false,
  });
  const row = stats.data?.rows[0];
  return (
    <div className="stack" style={{ gap: 12 }}>
      {stats.isPending ? <Loading label="Computing statistics…" /> : stats.error ? <ErrorBox error={stats.error} /> : (
        <dl className="props" aria-label={`Statistics of ${f.name}`}>
          {stats.data.columns.filter((c) => c.role === 'metric').map((c) => (
            <div key={c.name} style={{ display: 'contents' }}>
              <dt>{c.label}</dt>
              <dd>{fmtFormatted(row?.[c.name] ?? null, c.format)}</dd>
            </div>
          ))}
        </dl>
      )}
      {dist.isPending ? null : dist.error ? <ErrorBox error={dist.error} /> : dist.data.rows.length === 0 ? (
        <p className="muted">No values to chart.</p>
      ) : (
        <Chart option={chartOf(f, dist.data)} label={time ? `Records per month by ${f.name}` : `Most frequent values of ${f.name}`} className="chart-sm" />
      )}
    </div>
  );
}

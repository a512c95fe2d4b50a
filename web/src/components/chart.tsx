import { lazy, Suspense } from 'react';
import type { EChartsOption } from 'echarts';
import { Loading } from './ui';

const EChart = lazy(() => import('./echart'));

/** A chart drawn by ECharts, loaded only on pages that draw one. `label` names it for screen readers. */
export function Chart(props: { option: EChartsOption; label: string; className?: string; map?: boolean }) {
  return (
    <Suspense fallback={<Loading label="Loading chart…" />}>
      <EChart {...props} />
    </Suspense>
  );
}

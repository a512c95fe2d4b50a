import { BarChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, MapChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, GeoComponent, VisualMapComponent, CanvasRenderer]);

export const PALETTE = ['#3446c9', '#17a2b8', '#e07b39', '#7a5cc7', '#2f9e5b', '#c94f6d', '#8c8f2a', '#5a6376'];

export default function EChart(props: { option: EChartsOption; label: string; className?: string; map?: boolean }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const run = async () => {
      if (props.map) {
        const { ensureWorldMap } = await import('./world-map');
        await ensureWorldMap(echarts);
      }
      chart.current?.setOption({ color: PALETTE, animationDuration: 300, ...props.option }, true);
    };
    void run();
  }, [props.option, props.map]);
  return <div ref={el} className={`chart ${props.className ?? ''}`} role="img" aria-label={props.label} />;
}

// One ECharts instance bound to a div; only the chart types and components used are registered.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { chartForDirection } from '../lib/chartDirection';

echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

/** A click on a data point: its category label, its index in the series, and the series index. */
export interface ChartClick { name: string; dataIndex: number; seriesIndex: number }

export function EChart({ option, label, height = 240, dark, onClick }: {
  option: EChartsCoreOption; label: string; height?: number; dark: boolean; onClick?: (e: ChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const { i18n } = useTranslation();
  const direction = i18n.dir();

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, dark ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    // Data points only: a click on an event line (a markLine) is not a period to drill into.
    instance.on('click', (e) => e.componentType === 'series' && clickRef.current?.({ name: String(e.name), dataIndex: e.dataIndex ?? -1, seriesIndex: e.seriesIndex ?? 0 }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...chartForDirection(option, direction) }, { notMerge: true });
  }, [option, dark, direction]);

  return <div ref={ref} className="echart" style={{ height }} role="img" aria-label={label} />;
}

// A small inline SVG trend of a metric's series (null points leave gaps).
import type { SeriesPoint } from '../../shared/types';

export function Sparkline({ series, width = 96, height = 26, label }: { series: SeriesPoint[]; width?: number; height?: number; label: string }) {
  const values = series.map((p) => p.value).filter((v): v is number => v != null && Number.isFinite(v));
  if (values.length < 2) return <svg className="sparkline empty" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const n = series.length;
  const x = (i: number) => (n === 1 ? width / 2 : (i / (n - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  // Separate segments where the series has gaps.
  const segments: string[] = [];
  let current: string[] = [];
  series.forEach((p, i) => {
    if (p.value == null || !Number.isFinite(p.value)) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  let lastIdx = n - 1;
  while (lastIdx >= 0 && (series[lastIdx]!.value == null || !Number.isFinite(series[lastIdx]!.value!))) lastIdx--;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {segments.map((pts, i) => <polyline key={i} points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />)}
      {lastIdx >= 0 && <circle cx={x(lastIdx)} cy={y(series[lastIdx]!.value!)} r="2.2" fill="currentColor" />}
    </svg>
  );
}

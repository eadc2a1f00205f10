// Benchmark child: imports the subscription CSV (timed apart), then times what the metrics
// benchmark compares: applying the mapping (normalized tables) plus the whole recurring-revenue
// family for every month; then a parameter change recomputed. Prints one JSON line with timings
// and the monthly series used to cross-check the peers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../src/engine/api';
import { FAMILIES } from '../src/engine/metrics/catalog';
import { peakRssBytes } from './peak-rss';
import { subscriptionsMapping } from './subscriptions-mapping';

const file = process.argv[2];
const engine = await Engine.create();
let t = performance.now();
const imported = await engine.openFile({ source: file, bytes: new Uint8Array(readFileSync(file)) });
if (imported.failures.length > 0) throw new Error(JSON.stringify(imported.failures));
const importSeconds = (performance.now() - t) / 1000;

const revenue = FAMILIES.find((f) => f.family === 'revenue');
if (!revenue) throw new Error('no revenue family in the catalog');
const metricIds = revenue.metrics.map((m) => m.id);
const mapping = subscriptionsMapping(path.basename(file));

t = performance.now();
const mappingIssues = await engine.setMapping(mapping);
const mappingSeconds = (performance.now() - t) / 1000;
t = performance.now();
const result = await engine.computeMetrics({ period: 'month', metrics: metricIds });
const metricsSeconds = (performance.now() - t) / 1000;

// Parameter changes: each recomputes only what reads the parameter.
const recompute: Record<string, number> = {};
for (const params of [{ 'churn.variant': 'inclusive' }, { 'churn.annualize': 'linear' }, { 'arr.variant': 'contracted' }]) {
  t = performance.now();
  await engine.computeMetrics({ period: 'month', metrics: metricIds, params });
  recompute[Object.entries(params).map(([k, v]) => `${k}=${v}`).join(',')] = (performance.now() - t) / 1000;
}

const series = (id: string) => Object.fromEntries((result.metrics.find((m) => m.id === id)?.series ?? []).map((p) => [p.period, p.value]));
console.log(JSON.stringify({
  seconds: mappingSeconds + metricsSeconds,
  mappingSeconds,
  metricsSeconds,
  importSeconds,
  recompute,
  rows: imported.tables[0]?.rowCount ?? 0,
  peakRss: peakRssBytes(),
  asOf: result.asOf,
  statuses: Object.fromEntries(result.metrics.map((m) => [m.id, m.status])),
  mappingIssues: mappingIssues.filter((i) => i.severity === 'error').map((i) => i.message),
  series: Object.fromEntries(['mrr', 'active_customers', 'new_customers', 'reactivated_customers', 'churned_customers', 'mrr_new',
    'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_reactivation', 'nrr', 'grr', 'customer_churn_rate'].map((id) => [id, series(id)])),
}));

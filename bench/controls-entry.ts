// Benchmark child for control changes (issue 13): imports the subscription CSV (the first N data
// rows when a row count is given), maps it, computes every metric as the renderer does on opening,
// then drives computeMetrics the way the renderer does after each control change (period →
// quarter, segment → plan, calendar → persian, an as-of date, one parameter), each the first time
// and repeated (back to the previous control and to the change again). Prints one JSON line.
//   node bench/data/controls-entry.mjs FILE [ROWS]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../src/engine/api';
import type { AnalysisOptions } from '../src/shared/types';
import { peakRssBytes } from './peak-rss';
import { subscriptionsMapping } from './subscriptions-mapping';

const file = process.argv[2]!;
const rows = process.argv[3] ? Number(process.argv[3]) : null;

/** The first `rows` data rows of the CSV (header kept), cut at a line end. */
function head(bytes: Uint8Array, n: number | null): Uint8Array {
  if (n === null) return bytes;
  let lines = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && ++lines === n) return bytes.subarray(0, i + 1);
  }
  return bytes;
}

const engine = await Engine.create();
let t = performance.now();
const imported = await engine.openFile({ source: path.basename(file), bytes: head(new Uint8Array(readFileSync(file)), rows) });
if (imported.failures.length > 0) throw new Error(JSON.stringify(imported.failures));
const importSeconds = (performance.now() - t) / 1000;
const mapping = subscriptionsMapping(path.basename(file));
t = performance.now();
await engine.setMapping(mapping);
const mappingSeconds = (performance.now() - t) / 1000;

/** CPU seconds of this process alongside (the machine may be shared: wall time then overstates). */
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const cpuSeconds: Record<string, { first: number; repeated: number }> = {};
let lastCpu = 0;
const time = async (options: AnalysisOptions): Promise<number> => {
  const t0 = performance.now(), c0 = cpu();
  await engine.computeMetrics(options);
  lastCpu = cpu() - c0;
  return (performance.now() - t0) / 1000;
};
const base: AnalysisOptions = { period: 'month' };
const initialSeconds = await time(base);
const asOf = (await engine.computeMetrics(base)).asOf;
const earlier = new Date(Date.parse(`${asOf}T00:00:00Z`) - 45 * 86400e3).toISOString().slice(0, 10);
const changes: Record<string, AnalysisOptions> = {
  'period=quarter': { ...base, period: 'quarter' },
  'segment=plan': { ...base, segment: 'plan' },
  'calendar=persian': { ...base, calendar: 'persian' },
  [`asOf=${earlier}`]: { ...base, asOf: earlier },
  'param churn.variant=inclusive': { ...base, params: { 'churn.variant': 'inclusive' } },
};
const out: Record<string, { first: number; repeated: number }> = {};
for (const [name, options] of Object.entries(changes)) {
  const first = await time(options);
  const firstCpu = lastCpu;
  await time(base);
  const repeated = await time(options);
  cpuSeconds[name] = { first: firstCpu, repeated: lastCpu };
  await time(base);
  out[name] = { first, repeated };
}
const rowCount = imported.tables[0]?.rowCount ?? 0;
console.log(JSON.stringify({
  seconds: Math.max(...Object.values(out).flatMap((x) => [x.first, x.repeated])),
  rows: rowCount, importSeconds, mappingSeconds, initialSeconds, changes: out, cpuSeconds, peakRss: peakRssBytes(),
}));

// Metrics part of `npm run bench` (issue 3 §5): on the 1M-row subscription CSV, applying the
// mapping plus the whole recurring-revenue family for every month, side by side with the same
// computation in pandas and in DuckDB SQL; a parameter change recomputed; the monthly series of
// the three cross-checked. Import/loading is excluded from every side's time (it is the import
// benchmark's subject).
import path from 'node:path';
import { benchDir } from './generate.mjs';

/** Relative difference small enough to call two monthly values equal (float summation order). */
const SAME = 1e-9;

function compareSeries(ours, peer) {
  let compared = 0;
  const mismatches = [];
  for (const [metric, byPeriod] of Object.entries(peer ?? {})) {
    const mine = ours?.[metric] ?? {};
    for (const [period, value] of Object.entries(byPeriod)) {
      const other = mine[period];
      compared++;
      const equal = (value === null && (other === null || other === undefined))
        || (value !== null && other !== null && other !== undefined
          && Math.abs(other - value) <= SAME * Math.max(1, Math.abs(value)));
      if (!equal) mismatches.push(`${metric} ${period}: ours ${other ?? 'missing'}, peer ${value}`);
    }
  }
  return { compared, mismatches: mismatches.length, examples: mismatches.slice(0, 5) };
}

export async function metricsBenchmark({ data, runs, bundle, runChild, findPython, hasDuckDb, summarize, printTable, ratio, fmtRatio, log }) {
  const python = findPython(['pandas', 'numpy']);
  const duckdb = hasDuckDb();
  if (!python) log('metrics pandas: skipped — no python3 with pandas (apt-get install -y python3-pandas)');
  if (!duckdb) log('metrics duckdb: skipped — @duckdb/node-api is not installed');
  const entry = await bundle('metrics-entry.ts');
  const file = data.csv.path;
  const tools = [
    ['ours (mapping + revenue family)', () => runChild(process.execPath, [entry, file])],
    ['pandas', python ? () => runChild(python, [path.join(benchDir, 'metrics_pandas.py'), file]) : null],
    ['duckdb SQL', duckdb ? () => runChild(process.execPath, [path.join(benchDir, 'metrics-duckdb.mjs'), file]) : null],
  ];
  log(`\nMETRICS: recurring-revenue family, every month, on ${path.relative(process.cwd(), file)} (${data.csv.rows.toLocaleString('en-US')} rows); ${runs} runs each, interleaved`);
  const raw = new Map(tools.map(([name]) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, start] of tools) {
      if (!start) {
        raw.get(name).push({ skipped: 'peer not installed' });
        continue;
      }
      const r = await start();
      raw.get(name).push(r);
      const detail = r.mappingSeconds !== undefined
        ? ` (mapping ${r.mappingSeconds.toFixed(2)} s + metrics ${r.metricsSeconds.toFixed(2)} s; import ${r.importSeconds.toFixed(2)} s not counted)`
        : '';
      log(`  run ${run + 1} ${name}: ${r.seconds !== undefined ? `${r.seconds.toFixed(2)} s${detail}, ${r.peakRss ? Math.round(r.peakRss / 1048576) : '?'} MB` : r.skipped ?? r.error}`);
    }
  }
  const summary = Object.fromEntries([...raw].map(([name, rs]) => [name, summarize(rs)]));
  printTable('Recurring-revenue family for every month (import excluded)', Object.entries(summary));
  const [oursName, pandasName, duckName] = tools.map(([n]) => n);
  const ours = summary[oursName];
  const recomputeRuns = raw.get(oursName).filter((r) => r.recompute).map((r) => r.recompute);
  const recompute = {};
  for (const key of Object.keys(recomputeRuns[0] ?? {})) {
    const xs = recomputeRuns.map((r) => r[key]).sort((a, b) => a - b);
    recompute[key] = xs[Math.floor(xs.length / 2)];
  }
  const worstRecompute = Object.values(recompute).length ? Math.max(...Object.values(recompute)) : null;
  const result = {
    file: path.basename(file),
    tools: summary,
    oursOverPandas: ratio(ours, summary[pandasName]),
    oursOverDuckdb: ratio(ours, summary[duckName]),
    recomputeSeconds: recompute,
    recomputeWithinGoal: worstRecompute === null ? null : worstRecompute <= 1,
    crossCheck: {
      pandas: summary[pandasName]?.extra ? compareSeries(ours.extra?.series, summary[pandasName].extra.series) : null,
      duckdb: summary[duckName]?.extra ? compareSeries(ours.extra?.series, summary[duckName].extra.series) : null,
    },
  };
  // The series are for checking, not for the results file.
  for (const s of Object.values(summary)) if (s.extra) delete s.extra.series;
  log(`  metrics ours/pandas: ${fmtRatio(result.oursOverPandas)} (goal ≤ 2.0)`);
  log(`  metrics ours/duckdb: ${fmtRatio(result.oursOverDuckdb)} (for information)`);
  if (ours.extra) {
    log(`  ours split (median run): mapping ${ours.extra.mappingSeconds.toFixed(2)} s, metrics ${ours.extra.metricsSeconds.toFixed(2)} s`);
  }
  for (const [key, seconds] of Object.entries(recompute)) log(`  parameter change ${key}: recomputed in ${seconds.toFixed(3)} s (goal ≤ 1 s)`);
  for (const [peer, check] of Object.entries(result.crossCheck)) {
    if (!check) continue;
    log(`  cross-check with ${peer}: ${check.compared} monthly values compared, ${check.mismatches} differ${check.mismatches ? `: ${check.examples.join('; ')}` : ''}`);
  }
  return result;
}

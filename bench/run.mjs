// `npm run bench`: our import (typed, into sql.js) side by side with pandas (read_csv /
// read_excel → to_sql into SQLite) and DuckDB (read_csv_auto into a table), on generated
// subscription files; three runs each, interleaved; medians, peak memory (VmHWM of each child
// process) and ratios. Results also go to bench/results/latest.json.
//
// Options: --runs=N (default 3), --only=csv,xlsx,metrics,clv,reconcile,controls,grid (default all).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { benchDir, dataDir, ensureBenchData } from './generate.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const RUNS = Number(args.runs ?? 3);
const ONLY = new Set((args.only ?? 'csv,xlsx,metrics,clv,reconcile,controls,grid').split(','));
const CHILD_TIMEOUT_MS = 15 * 60 * 1000;
const MB = 1024 * 1024;

const log = (...a) => console.log(...a);

// ---------------------------------------------------------------------------------------------
// Children

/** Bundles a TypeScript bench entry (and the engine it imports) to plain ESM under bench/data. */
async function bundle(entry) {
  const outfile = path.join(dataDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(benchDir, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchCreateRequire } from 'module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return outfile;
}

/** Runs one child; its last stdout line is a JSON result ({seconds, rows, peakRss} or {skipped}). */
function runChild(command, childArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, childArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.resolve(benchDir, '..') });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => { clearTimeout(timer); resolve({ error: e.message }); });
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(last);
        resolve(code === 0 ? parsed : { error: `exit ${code}: ${err.trim().slice(-500)}` });
      } catch {
        resolve({ error: `exit ${code}: ${(err || out).trim().slice(-500)}` });
      }
    });
  });
}

/** A python3 that can import the given modules (Debian's pandas lives in /usr/bin/python3). */
function findPython(modules) {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(candidate, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return null;
}

function hasDuckDb() {
  const r = spawnSync(process.execPath, ['-e', "import('@duckdb/node-api').then(()=>process.exit(0),()=>process.exit(1))"], {
    stdio: 'ignore', cwd: path.resolve(benchDir, '..'),
  });
  return r.status === 0;
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarize(results) {
  const ok = results.filter((r) => typeof r.seconds === 'number');
  if (ok.length === 0) return { error: results.find((r) => r.error)?.error ?? results[0]?.skipped ?? 'no result', skipped: results[0]?.skipped };
  return {
    median: median(ok.map((r) => r.seconds)),
    runs: ok.map((r) => Number(r.seconds.toFixed(3))),
    /** The highest of the runs' peaks (each run's peak is in peakRssRuns). */
    peakRss: Math.max(...ok.map((r) => r.peakRss ?? 0)) || null,
    peakRssRuns: ok.map((r) => r.peakRss ?? null),
    rows: ok[0].rows,
    /** The run whose time is the median (its details stand for the tool). */
    extra: [...ok].sort((a, b) => a.seconds - b.seconds)[Math.floor((ok.length - 1) / 2)],
  };
}

function printTable(title, rows) {
  log(`\n${title}`);
  const header = ['tool', 'median s', 'runs (s)', 'peak RSS', 'rows'];
  const lines = rows.map(([tool, s]) => s.median === undefined
    ? [tool, '—', s.skipped ? `skipped: ${s.skipped}` : `failed: ${s.error}`, '', '']
    : [tool, s.median.toFixed(2), s.runs.map((x) => x.toFixed(2)).join(' '), s.peakRss ? `${Math.round(s.peakRss / MB)} MB` : 'n/a', String(s.rows)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  log(fmt(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) log(fmt(l));
}

const ratio = (a, b) => (a?.median && b?.median ? a.median / b.median : null);
const fmtRatio = (r) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);

// ---------------------------------------------------------------------------------------------
// Import benchmark

async function importBenchmark(data, results) {
  const python = findPython(['pandas']);
  const pythonExcel = findPython(['pandas', 'openpyxl']);
  const duckdb = hasDuckDb();
  if (!python) log('pandas: skipped — no python3 with pandas (apt-get install -y python3-pandas python3-openpyxl)');
  else if (!pythonExcel) log('pandas read_excel: skipped — openpyxl missing (apt-get install -y python3-openpyxl)');
  if (!duckdb) log('duckdb: skipped — @duckdb/node-api is not installed (it is a devDependency: npm install)');
  const entry = await bundle('import-entry.ts');
  const pandasScript = path.join(benchDir, 'pandas_import.py');
  const duckdbScript = path.join(benchDir, 'duckdb-import.mjs');

  const tasks = [];
  if (ONLY.has('csv')) {
    tasks.push({ id: 'csv', file: data.csv, tools: [
      ['ours (sql.js, typed)', () => runChild(process.execPath, [entry, data.csv.path])],
      ['pandas read_csv + to_sql', python ? () => runChild(python, [pandasScript, 'csv', data.csv.path]) : null],
      ['duckdb read_csv_auto', duckdb ? () => runChild(process.execPath, [duckdbScript, data.csv.path]) : null],
    ] });
  }
  if (ONLY.has('xlsx')) {
    tasks.push({ id: 'xlsx', file: data.xlsx, tools: [
      ['ours (sql.js, typed)', () => runChild(process.execPath, [entry, data.xlsx.path])],
      ['pandas read_excel + to_sql', pythonExcel ? () => runChild(pythonExcel, [pandasScript, 'xlsx', data.xlsx.path]) : null],
    ] });
  }
  for (const task of tasks) {
    const sizeMb = task.file.bytes / MB;
    log(`\n${task.id.toUpperCase()}: ${path.relative(process.cwd(), task.file.path)} — ${task.file.rows.toLocaleString('en-US')} rows, ${sizeMb.toFixed(1)} MB; ${RUNS} runs each, interleaved`);
    const raw = new Map(task.tools.map(([name]) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, start] of task.tools) {
        if (!start) {
          raw.get(name).push({ skipped: 'peer not installed' });
          continue;
        }
        const r = await start();
        raw.get(name).push(r);
        log(`  run ${run + 1} ${name}: ${r.seconds !== undefined ? `${r.seconds.toFixed(2)} s, ${r.peakRss ? Math.round(r.peakRss / MB) : '?'} MB` : r.skipped ?? r.error}`);
      }
    }
    const summary = Object.fromEntries([...raw].map(([name, rs]) => [name, summarize(rs)]));
    printTable(`${task.id.toUpperCase()} import (${task.file.rows.toLocaleString('en-US')} rows, ${sizeMb.toFixed(1)} MB)`, Object.entries(summary));
    const [oursName, pandasName, duckName] = task.tools.map(([n]) => n);
    const ours = summary[oursName];
    const pandas = summary[pandasName];
    const memoryBudget = 3 * task.file.bytes + 300 * MB;
    const entryResult = {
      file: path.basename(task.file.path), rows: task.file.rows, bytes: task.file.bytes, tools: summary,
      memoryBudget, oursPeakWithinBudget: ours.peakRss ? ours.peakRss <= memoryBudget : null,
    };
    if (ours.rows !== undefined && ours.rows !== task.file.rows) log(`  ! ours imported ${ours.rows} rows, expected ${task.file.rows}`);
    if (task.id === 'csv') {
      entryResult.oursOverPandas = ratio(ours, pandas);
      entryResult.oursOverDuckdb = ratio(ours, summary[duckName]);
      log(`  CSV ours/pandas: ${fmtRatio(entryResult.oursOverPandas)} (goal ≤ 1.0)`);
      log(`  CSV ours/duckdb: ${fmtRatio(entryResult.oursOverDuckdb)} (for information)`);
    } else {
      entryResult.pandasOverOurs = ratio(pandas, ours);
      const readOnly = pandas?.extra?.readSeconds;
      entryResult.pandasReadExcelOnlyOverOurs = readOnly && ours.median ? readOnly / ours.median : null;
      log(`  XLSX pandas/ours: ${fmtRatio(entryResult.pandasOverOurs)} (goal ≥ 3; read_excel alone: ${fmtRatio(entryResult.pandasReadExcelOnlyOverOurs)})`);
    }
    log(`  peak memory ours: ${ours.peakRss ? Math.round(ours.peakRss / MB) : 'n/a'} MB vs budget 3 × ${sizeMb.toFixed(1)} MB + 300 MB = ${Math.round(memoryBudget / MB)} MB → ${entryResult.oursPeakWithinBudget === null ? 'n/a' : entryResult.oursPeakWithinBudget ? 'within' : 'OVER'}`);
    results.import[task.id] = entryResult;
  }
}

// ---------------------------------------------------------------------------------------------

const results = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs: RUNS,
  loadAverageAtStart: os.loadavg()[0], loadAverageAtEnd: null, import: {}, metrics: null, clv: null, reconcile: null,
};
if (results.loadAverageAtStart > results.cpus) {
  log(`note: the machine is busy (load average ${results.loadAverageAtStart.toFixed(1)} on ${results.cpus} CPUs); times and ratios will be noisy`);
}
// The generated exports are for import and metrics only; CLV and reconciliation make their own data.
const data = ONLY.has('csv') || ONLY.has('xlsx') || ONLY.has('metrics') || ONLY.has('controls') || ONLY.has('grid') ? await ensureBenchData(log) : null;
if (ONLY.has('csv') || ONLY.has('xlsx')) await importBenchmark(data, results);
if (ONLY.has('metrics')) {
  const { metricsBenchmark } = await import('./metrics.mjs');
  results.metrics = await metricsBenchmark({ data, runs: RUNS, bundle, runChild, findPython, hasDuckDb, summarize, printTable, ratio, fmtRatio, log });
}
if (ONLY.has('clv')) {
  // CLV model fits (bench/clv-entry.ts): CDNOW 2,357 customers ≤ 0.3 s; 200,000 simulated ≤ 5 s,
  // known parameters recovered within two standard errors
  const clv = await runChild(process.execPath, [await bundle('clv-entry.ts'), '200000']);
  results.clv = clv;
  if (clv.error) log(`CLV: ${clv.error}`);
  else {
    const sim = clv.simulated;
    const within = Object.values({ ...sim.bgNbd, ...sim.gammaGamma }).every((p) => Math.abs(p.z) <= 2);
    if (clv.cdnow) log(`CLV: CDNOW fit ${(clv.cdnow.bgNbdSeconds + clv.cdnow.gammaGammaSeconds).toFixed(3)} s (goal ≤ 0.3)`);
    log(`CLV: ${sim.customers} simulated customers ${(sim.bgNbdSeconds + sim.gammaGammaSeconds).toFixed(2)} s (goal ≤ 5); parameters within 2 SE: ${within ? 'yes' : 'NO'}`);
  }
}
if (ONLY.has('reconcile')) {
  // Reconciliation (bench/reconcile-entry.ts): two 200,000-customer subscription exports with
  // planted differences, 24 months; goal ≤ 2 s for the matching, the categories and the bridge.
  const RECONCILE_GOAL_S = 2;
  const entry = await bundle('reconcile-entry.ts');
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runChild(process.execPath, [entry, '200000']));
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) { results.reconcile = runs[0]; log(`\nreconcile: ${runs[0]?.error}`); }
  else {
    const times = ok.map((r) => r.seconds).sort((a, b) => a - b);
    const median = times[Math.floor((times.length - 1) / 2)];
    results.reconcile = { median, runs: ok.map((r) => r.seconds), goal: RECONCILE_GOAL_S, ratioToGoal: median / RECONCILE_GOAL_S, ...ok[0], seconds: undefined };
    // CPU time beside wall time: on a busy machine (load above the cores) only the CPU time says what the code costs.
    const cpu = ok.map((r) => r.cpuSeconds).sort((a, b) => a - b)[Math.floor((ok.length - 1) / 2)];
    results.reconcile.cpuMedian = cpu;
    log(`\nreconcile: ${ok[0].customers} customers per side, ${ok[0].months} months: median ${median.toFixed(2)} s wall (runs ${ok.map((r) => r.seconds.toFixed(2)).join(' ')}), ${cpu.toFixed(2)} s CPU; `
      + `goal ≤ ${RECONCILE_GOAL_S} s → ${fmtRatio(median / RECONCILE_GOAL_S)} of the goal (CPU ${fmtRatio(cpu / RECONCILE_GOAL_S)}), ${median <= RECONCILE_GOAL_S ? 'within' : 'OVER'}`);
  }
}

if (ONLY.has('controls')) {
  // Control changes driven through the engine API as the renderer drives it (bench/controls-entry.ts):
  // period, segment, calendar, as-of date, one parameter; first and repeated; ≤ 1 s at 300k rows, ≤ 2 s at 1M.
  const entry = await bundle('controls-entry.ts');
  results.controls = {};
  for (const [rows, goal] of [[300_000, 1], [1_000_000, 2]]) {
    log(`\nCONTROL CHANGES at ${rows.toLocaleString('en-US')} subscription rows (goal ≤ ${goal} s each); ${RUNS} runs, medians`);
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const r = await runChild(process.execPath, [entry, data.csv.path, String(rows)]);
      if (r.error) log(`  run ${run + 1}: ${r.error}`);
      else runs.push(r);
    }
    if (runs.length === 0) continue;
    const med = (f) => median(runs.map(f));
    log(`  import ${med((r) => r.importSeconds).toFixed(2)} s, mapping ${med((r) => r.mappingSeconds).toFixed(2)} s, first analysis ${med((r) => r.initialSeconds).toFixed(2)} s (not control changes)`);
    const table = {};
    for (const name of Object.keys(runs[0].changes)) {
      const first = med((r) => r.changes[name].first), repeated = med((r) => r.changes[name].repeated);
      table[name] = { first, repeated, goal, within: first <= goal && repeated <= goal };
      const cpuFirst = med((r) => r.cpuSeconds?.[name]?.first ?? NaN), cpuRepeated = med((r) => r.cpuSeconds?.[name]?.repeated ?? NaN);
      table[name].cpu = { first: cpuFirst, repeated: cpuRepeated };
      log(`  ${name.padEnd(32)} first ${first.toFixed(2)} s (${(first / goal).toFixed(2)}× goal), repeated ${repeated.toFixed(2)} s (${(repeated / goal).toFixed(2)}× goal) → ${table[name].within ? 'within' : 'OVER'}; CPU ${cpuFirst.toFixed(2)} / ${cpuRepeated.toFixed(2)} s`);
    }
    results.controls[rows] = { changes: table, mappingSeconds: med((r) => r.mappingSeconds), initialSeconds: med((r) => r.initialSeconds) };
  }
}
if (ONLY.has('grid')) {
  // The grid's requests at 1M rows (bench/grid-entry.ts through the engine API; DuckDB the same
  // requests as SQL): a block at any offset ≤ 50 ms, a sort ≤ 1.5 s, a filter ≤ 1 s (issue 13).
  const GOALS = { page: 0.05, sort: 1.5, filter: 1 };
  const goalOf = (name) => (name.startsWith('page') ? GOALS.page : name.startsWith('sort') ? GOALS.sort : GOALS.filter);
  const entry = await bundle('grid-entry.ts');
  const duckScript = path.join(benchDir, 'grid-duckdb.mjs');
  const ours = [], duck = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runChild(process.execPath, [entry, data.csv.path]);
    if (r.error) log(`grid run ${i + 1}: ${r.error}`); else ours.push(r);
    if (hasDuckDb()) {
      const d = await runChild(process.execPath, [duckScript, data.csv.path]);
      if (!d.error && !d.skipped) duck.push(d);
    }
  }
  if (ours.length > 0) {
    log(`\nGRID at ${ours[0].rows.toLocaleString('en-US')} rows (blocks of 200 rows, as the renderer asks); ${ours.length} runs, medians`);
    results.grid = {};
    for (const name of Object.keys(ours[0].requests)) {
      const s = median(ours.map((r) => r.requests[name].seconds));
      const d = duck.length ? median(duck.map((r) => r.requests[name].seconds)) : null;
      const goal = goalOf(name);
      // The same rows matched: the filter's count must agree with DuckDB's.
      const agree = duck.length ? duck[0].requests[name].total === ours[0].requests[name].total : null;
      results.grid[name] = { seconds: s, goal, within: s <= goal, duckdbSeconds: d, oursOverDuckdb: d ? s / d : null, countsAgree: agree };
      log(`  ${name.padEnd(26)} ${(s * 1000).toFixed(1).padStart(8)} ms (goal ≤ ${goal * 1000} ms → ${s <= goal ? 'within' : 'OVER'})`
        + (d !== null ? `; DuckDB ${(d * 1000).toFixed(1)} ms, ours/DuckDB ${fmtRatio(s / d)}${agree ? '' : ' — COUNTS DIFFER'}` : ''));
    }
  }
}
results.loadAverageAtEnd = os.loadavg()[0];
const resultsDir = path.join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`\nresults written to ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);

// Benchmark child: imports one file into a fresh in-memory sql.js database with the engine's
// importFile (typed tables, raw text, catalog) and prints one JSON line: work seconds, rows, peak RSS.
// Bundled by bench/run.mjs with esbuild; run in its own process so its peak memory is its own.
import { readFileSync } from 'node:fs';
import { importFile } from '../src/engine/import/pipeline';
import { openDatabase, queryValue, ident } from '../src/engine/store/database';
import { peakRssBytes } from './peak-rss';

const file = process.argv[2];
const db = await openDatabase();
const started = performance.now();
const bytes = new Uint8Array(readFileSync(file));
const result = await importFile(db, { source: file, bytes });
const seconds = (performance.now() - started) / 1000;
if (result.failures.length > 0) {
  console.error(JSON.stringify(result.failures));
  process.exit(1);
}
const rows = result.tables.reduce((n, t) => n + Number(queryValue(db, `SELECT count(*) FROM ${ident(t.name)}`)), 0);
console.log(JSON.stringify({
  seconds,
  rows,
  peakRss: peakRssBytes(),
  types: result.tables.flatMap((t) => t.columns.map((c) => `${c.name}:${c.type}`)),
}));

// Benchmark child: DuckDB (@duckdb/node-api) reads the CSV into an in-memory table with
// read_csv_auto. Prints one JSON line like the other children.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let duckdb;
try {
  duckdb = await import('@duckdb/node-api');
} catch (e) {
  console.log(JSON.stringify({ skipped: `@duckdb/node-api is not installed (${e.message})` }));
  process.exit(0);
}
const instance = await duckdb.DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const started = performance.now();
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv_auto('${file.replaceAll("'", "''")}')`);
const seconds = (performance.now() - started) / 1000;
const reader = await connection.runAndReadAll('SELECT count(*) FROM t');
const rows = Number(reader.getRows()[0][0]);
const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ seconds, rows, peakRss: hwm ? Number(hwm[1]) * 1024 : null }));

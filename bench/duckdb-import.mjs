// Benchmark child: DuckDB (@duckdb/node-api) reads the CSV into an in-memory table with
// read_csv_auto. Prints one JSON line like the other children.
import { readFileSync } from 'node:fs';
import { connectDuckdb, loadCsvSql } from './duckdb-connect.mjs';

const file = process.argv[2];
const connection = await connectDuckdb();
const started = performance.now();
await connection.run(loadCsvSql(file));
const seconds = (performance.now() - started) / 1000;
const reader = await connection.runAndReadAll('SELECT count(*) FROM t');
const rows = Number(reader.getRows()[0][0]);
const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ seconds, rows, peakRss: hwm ? Number(hwm[1]) * 1024 : null }));

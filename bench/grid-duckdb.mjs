// Benchmark child: the grid's requests of bench/grid-entry.ts as DuckDB SQL over the same CSV read
// with read_csv_auto (a block of 200 rows at an offset, a sort, a filter with its count), for the
// ratios. Prints one JSON line like grid-entry.
import { connectDuckdb, loadCsvSql } from './duckdb-connect.mjs';

const file = process.argv[2];
const BLOCK = 200;
const connection = await connectDuckdb();
await connection.run(loadCsvSql(file));
// A row number as the grid's __row: the order rows were read in.
await connection.run('CREATE TABLE g AS SELECT row_number() OVER () AS __row, * FROM t');
const total = Number((await connection.runAndReadAll('SELECT count(*) FROM g')).getRows()[0][0]);

async function timed(where, order, offset) {
  const started = performance.now();
  const count = Number((await connection.runAndReadAll(`SELECT count(*) FROM g ${where}`)).getRows()[0][0]);
  const rows = (await connection.runAndReadAll(`SELECT * FROM g ${where} ORDER BY ${order} LIMIT ${BLOCK} OFFSET ${offset}`)).getRows().length;
  return { seconds: (performance.now() - started) / 1000, total: count, rows };
}

const pro = "WHERE plan = 'Pro'";
const results = {};
results['page at 0'] = await timed('', '__row', 0);
results['page at middle'] = await timed('', '__row', Math.floor(total / 2));
results['page at end'] = await timed('', '__row', total - BLOCK);
results['sort mrr desc'] = await timed('', 'mrr DESC NULLS LAST, __row', 0);
results['sort, page at middle'] = await timed('', 'mrr DESC NULLS LAST, __row', Math.floor(total / 2));
results['filter plan = Pro'] = await timed(pro, '__row', 0);
results['filter + sort'] = await timed(pro, 'mrr DESC NULLS LAST, __row', 0);
results['filter + sort, repeated'] = await timed(pro, 'mrr DESC NULLS LAST, __row', 0);
console.log(JSON.stringify({ rows: total, requests: results }));

// Shared by the DuckDB benchmark children: an in-memory DuckDB connection, or a "skipped" JSON
// line and exit when @duckdb/node-api is not installed (the peer is optional).
export async function connectDuckdb() {
  let duckdb;
  try {
    duckdb = await import('@duckdb/node-api');
  } catch (e) {
    console.log(JSON.stringify({ skipped: `@duckdb/node-api is not installed (${e.message})` }));
    process.exit(0);
  }
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** SQL that loads a CSV file into table t. */
export const loadCsvSql = (file) => `CREATE TABLE t AS SELECT * FROM read_csv_auto('${file.replaceAll("'", "''")}')`;

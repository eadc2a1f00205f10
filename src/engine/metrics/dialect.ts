// SQL dialect differences live here and nowhere else, so the metric SQL can later run on DuckDB or
// a warehouse. Families write portable SQL and call these for the parts that differ.
export interface SqlDialect {
  name: 'sqlite' | 'duckdb';
  /** Integer division of two integer expressions. */
  intDiv(a: string, b: string): string;
  /** Float division that yields NULL on a zero denominator. */
  safeDiv(a: string, b: string): string;
  /** Greatest / least of two expressions. */
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
}

export const sqlite: SqlDialect = {
  name: 'sqlite',
  intDiv: (a, b) => `(${a}) / (${b})`,
  safeDiv: (a, b) => `(CAST(${a} AS REAL) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  least: (a, b) => `MIN(${a}, ${b})`,
};

export const duckdb: SqlDialect = {
  name: 'duckdb',
  intDiv: (a, b) => `(${a}) // (${b})`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
};

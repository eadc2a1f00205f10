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
  /**
   * Day number `months` calendar months (Gregorian) after day number `day`; a day past the end of
   * the target month clamps to its last day (31 Jan + 1 month = 28/29 Feb).
   */
  addMonths(day: string, months: string): string;
}

export const sqlite: SqlDialect = {
  name: 'sqlite',
  intDiv: (a, b) => `(${a}) / (${b})`,
  safeDiv: (a, b) => `(CAST(${a} AS REAL) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  least: (a, b) => `MIN(${a}, ${b})`,
  addMonths: (day, months) =>
    `CAST(julianday((${day}) * 86400, 'unixepoch', '+' || CAST(${months} AS INTEGER) || ' months', 'floor') - 2440587.5 AS INTEGER)`,
};

export const duckdb: SqlDialect = {
  name: 'duckdb',
  intDiv: (a, b) => `(${a}) // (${b})`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `date_diff('day', DATE '1970-01-01', CAST(DATE '1970-01-01' + to_days(CAST(${day} AS INTEGER)) + to_months(CAST(${months} AS INTEGER)) AS DATE))`,
};

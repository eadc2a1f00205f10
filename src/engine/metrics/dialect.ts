// SQL dialect differences live here and nowhere else, so the metric SQL runs on sql.js, on DuckDB
// (`--engine duckdb`) and is printed for a warehouse (`kpiw sql --dialect …`). Families write
// portable SQL and call these for the parts that differ.
import { MessageError } from '../messageError';
export const DIALECT_NAMES = ['sqlite', 'duckdb', 'postgres', 'bigquery', 'snowflake', 'trino', 'spark'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface SqlDialect {
  name: DialectName;
  /** Column types of the normalized schema: text, integer (day numbers, counts, 0/1), real (amounts, epoch seconds). */
  types: { text: string; integer: string; real: string };
  /** Integer division of two integer expressions (truncated toward zero, as SQLite does). */
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
  /** Day number (days since 1970-01-01) of a DATE/TIMESTAMP (or ISO text) expression of a warehouse table. */
  dayOf(expr: string): string;
  /** Epoch seconds of a TIMESTAMP (or ISO text) expression of a warehouse table. */
  epochSecondsOf(expr: string): string;
  /** How this dialect quotes an identifier. */
  quote(name: string): string;
}

const dq = (name: string) => `"${name.replace(/"/g, '""')}"`;
const bq = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export const sqlite: SqlDialect = {
  name: 'sqlite',
  types: { text: 'TEXT', integer: 'INTEGER', real: 'REAL' },
  intDiv: (a, b) => `(${a}) / (${b})`,
  safeDiv: (a, b) => `(CAST(${a} AS REAL) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  least: (a, b) => `MIN(${a}, ${b})`,
  addMonths: (day, months) =>
    `CAST(julianday((${day}) * 86400, 'unixepoch', '+' || CAST(${months} AS INTEGER) || ' months', 'floor') - 2440587.5 AS INTEGER)`,
  dayOf: (x) => `CAST(julianday(${x}) - 2440587.5 AS INTEGER)`,
  epochSecondsOf: (x) => `CAST(round((julianday(${x}) - 2440587.5) * 86400) AS INTEGER)`,
  quote: dq,
};

export const duckdb: SqlDialect = {
  name: 'duckdb',
  types: { text: 'VARCHAR', integer: 'INTEGER', real: 'DOUBLE' },
  intDiv: (a, b) => `divide(${a}, ${b})`, // = a // b (truncating), in the function form every SQL parser reads
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `date_diff('day', DATE '1970-01-01', CAST(DATE '1970-01-01' + to_days(CAST(${day} AS INTEGER)) + to_months(CAST(${months} AS INTEGER)) AS DATE))`,
  dayOf: (x) => `date_diff('day', DATE '1970-01-01', CAST(${x} AS DATE))`,
  epochSecondsOf: (x) => `epoch(CAST(${x} AS TIMESTAMP))`,
  quote: dq,
};

// PostgreSQL: written so that it also runs unchanged on DuckDB (that is how it is tested here).
export const postgres: SqlDialect = {
  name: 'postgres',
  types: { text: 'TEXT', integer: 'INTEGER', real: 'DOUBLE PRECISION' },
  intDiv: (a, b) => `CAST(TRUNC(CAST(${a} AS DOUBLE PRECISION) / (${b})) AS INTEGER)`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE PRECISION) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `CAST(CAST(DATE '1970-01-01' + CAST(${day} AS INTEGER) + CAST(${months} AS INTEGER) * INTERVAL '1 month' AS DATE) - DATE '1970-01-01' AS INTEGER)`,
  dayOf: (x) => `CAST(CAST(${x} AS DATE) - DATE '1970-01-01' AS INTEGER)`,
  epochSecondsOf: (x) => `EXTRACT(EPOCH FROM CAST(${x} AS TIMESTAMP))`,
  quote: dq,
};

export const bigquery: SqlDialect = {
  name: 'bigquery',
  types: { text: 'STRING', integer: 'INT64', real: 'FLOAT64' },
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  safeDiv: (a, b) => `SAFE_DIVIDE(CAST(${a} AS FLOAT64), ${b})`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `DATE_DIFF(DATE_ADD(DATE_ADD(DATE '1970-01-01', INTERVAL CAST(${day} AS INT64) DAY), INTERVAL CAST(${months} AS INT64) MONTH), DATE '1970-01-01', DAY)`,
  dayOf: (x) => `UNIX_DATE(CAST(${x} AS DATE))`,
  epochSecondsOf: (x) => `UNIX_SECONDS(CAST(${x} AS TIMESTAMP))`,
  quote: bq,
};

export const snowflake: SqlDialect = {
  name: 'snowflake',
  types: { text: 'VARCHAR', integer: 'INTEGER', real: 'DOUBLE' },
  intDiv: (a, b) => `TRUNC((${a}) / (${b}))`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  // DATEADD(month …) clamps to the month's last day; ADD_MONTHS would also move last-day-of-month dates to the last day.
  addMonths: (day, months) =>
    `DATEDIFF(day, DATE '1970-01-01', DATEADD(month, CAST(${months} AS INTEGER), DATEADD(day, CAST(${day} AS INTEGER), DATE '1970-01-01')))`,
  dayOf: (x) => `DATEDIFF(day, DATE '1970-01-01', CAST(${x} AS DATE))`,
  epochSecondsOf: (x) => `DATE_PART(epoch_second, CAST(${x} AS TIMESTAMP))`,
  quote: dq,
};

export const trino: SqlDialect = {
  name: 'trino',
  types: { text: 'VARCHAR', integer: 'INTEGER', real: 'DOUBLE' },
  intDiv: (a, b) => `(CAST(${a} AS BIGINT) / CAST(${b} AS BIGINT))`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `date_diff('day', DATE '1970-01-01', date_add('month', CAST(${months} AS BIGINT), date_add('day', CAST(${day} AS BIGINT), DATE '1970-01-01')))`,
  dayOf: (x) => `date_diff('day', DATE '1970-01-01', CAST(${x} AS DATE))`,
  epochSecondsOf: (x) => `to_unixtime(CAST(${x} AS TIMESTAMP))`,
  quote: dq,
};

export const spark: SqlDialect = {
  name: 'spark',
  types: { text: 'STRING', integer: 'INT', real: 'DOUBLE' },
  intDiv: (a, b) => `((${a}) DIV (${b}))`,
  safeDiv: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(${b}, 0))`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  addMonths: (day, months) =>
    `DATEDIFF(ADD_MONTHS(DATE_ADD(DATE '1970-01-01', CAST(${day} AS INT)), CAST(${months} AS INT)), DATE '1970-01-01')`,
  dayOf: (x) => `DATEDIFF(CAST(${x} AS DATE), DATE '1970-01-01')`,
  epochSecondsOf: (x) => `UNIX_TIMESTAMP(CAST(${x} AS TIMESTAMP))`,
  quote: bq,
};

export const DIALECTS: Record<DialectName, SqlDialect> = { sqlite, duckdb, postgres, bigquery, snowflake, trino, spark };

/** The dialect of a name, or an Error listing the known ones. */
export function dialectNamed(name: string): SqlDialect {
  const d = (DIALECTS as Record<string, SqlDialect | undefined>)[name.toLowerCase()];
  if (!d) throw new MessageError('engineError.unknownDialect', { dialect: name, known: DIALECT_NAMES.join(', ') }, 'bad_option');
  return d;
}

/**
 * The families write identifiers in double quotes (standard SQL). For the dialects that quote with
 * backticks (BigQuery, Spark: there "x" is a string), rewrites every double-quoted identifier
 * outside string literals and comments.
 */
export function renderIdentifiers(sql: string, d: SqlDialect): string {
  if (d.quote('x') === '"x"') return sql;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'") {
      const j = endOfQuoted(sql, i, "'");
      out += sql.slice(i, j);
      i = j - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === '"') {
      const j = endOfQuoted(sql, i, '"');
      out += d.quote(sql.slice(i + 1, j - 1).replace(/""/g, '"'));
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** Index just past the closing quote of a quoted run starting at `i` (doubled quotes escape). */
function endOfQuoted(sql: string, i: number, q: string): number {
  let j = i + 1;
  for (;;) {
    const k = sql.indexOf(q, j);
    if (k < 0) return sql.length;
    if (sql[k + 1] === q) { j = k + 2; continue; }
    return k + 1;
  }
}

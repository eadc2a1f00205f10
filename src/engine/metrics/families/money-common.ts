// Helpers shared by the money families (revenue, value, purchases): period arithmetic, the
// day → period lookup tables their SQL joins on, data fingerprints for caching, and small number
// helpers. Other families do not depend on this file.
import type { PeriodKind, SeriesPoint } from '../../../shared/types';
import { literal, queryRows, type Database } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext } from '../types';
import { LruMap, sessionOf } from '../../store/session';

/** Mean Gregorian month in days (365.2425 / 12): converts day spans to months. */
export const DAYS_PER_MONTH = 30.436875;

/**
 * How many months a period is worth when a monthly figure is needed: calendar months count as one
 * whatever their length (a 31-day Mehr and a 29-day Esfand are both one month), so month = 1,
 * quarter = 3, year = 12; weeks and days by their length in mean months.
 */
export function monthsInPeriod(kind: PeriodKind, p: Period): number {
  switch (kind) {
    case 'month': return 1;
    case 'quarter': return 3;
    case 'year': return 12;
    default: return (p.end - p.start) / DAYS_PER_MONTH;
  }
}

/** a ÷ b, or null when either is missing or b is 0 (METRICS.md §1: zero denominator → null). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

export function series(ctx: MetricContext, values: ReadonlyArray<number | null>): SeriesPoint[] {
  return ctx.periods.map((p, i) => ({ period: p.key, value: clean(values[i]) }));
}

/** Non-finite numbers become null; -0 becomes 0. */
export function clean(v: number | null | undefined): number | null {
  if (v == null || !Number.isFinite(v)) return null;
  return v === 0 ? 0 : v;
}

/** Normalized transaction/cost kind: lower case, '-' and ' ' → '_' ('Cross-sell' → 'cross_sell'). */
export function normKindSql(col: string): string {
  return `REPLACE(REPLACE(LOWER(TRIM(${col})), '-', '_'), ' ', '_')`;
}

/**
 * (Re)writes a temp table mapping every day of [periods[0].start, last.end) to its period index,
 * so event days join to periods by equality (fast) instead of by range.
 */
export function writeDayIndexTable(db: Database, name: string, periods: readonly Period[]): void {
  db.run(`DROP TABLE IF EXISTS ${name}; CREATE TEMP TABLE ${name} (day INTEGER PRIMARY KEY, idx INTEGER NOT NULL);`);
  if (periods.length === 0) return;
  const stmt = db.prepare(`INSERT INTO ${name} VALUES (?, ?)`);
  try {
    db.run('BEGIN');
    periods.forEach((p, i) => {
      for (let d = p.start; d < p.end; d++) stmt.run([d, i]);
    });
    db.run('COMMIT');
  } finally {
    stmt.free();
  }
}

/** Signature of a list of periods (cache keys). */
export function periodsSignature(periods: readonly Period[]): string {
  if (periods.length === 0) return 'none';
  return `${periods.length}:${periods[0]!.start}:${periods[periods.length - 1]!.end}:${periods.map((p) => p.end - p.start).join(',')}`;
}

/**
 * A cheap fingerprint of a normalized table's contents, so cached derived data is rebuilt when the
 * mapping rebuilds or remaps the table: row count and rowid range, plus the values of ~500 rows
 * spread evenly over the table (a remapped column or a new segment column changes them; `segments`
 * false leaves _seg out, for data read for the total only, which a segment change leaves as it is).
 * Costs a few milliseconds at a million rows, unlike a full scan. Rebuilding the n_* tables also
 * bumps the mapping generation, which empties every PerDatabaseCache on its own.
 */
export function tableFingerprint(db: Database, table: string, numeric: string[], text: string[], segments = true): string {
  // Three statements: SQLite answers each alone from the b-tree without a scan, not together.
  const one = (sql: string) => queryRows(db, sql).rows[0]?.[0] ?? null;
  const head = [one(`SELECT COUNT(*) FROM ${table}`), one(`SELECT MIN(rowid) FROM ${table}`), one(`SELECT MAX(rowid) FROM ${table}`)];
  const lo = Number(head[1] ?? 0), hi = Number(head[2] ?? 0);
  const ids = new Set<number>();
  const SAMPLES = 512;
  for (let i = 0; i < SAMPLES && hi >= lo; i++) ids.add(Math.round(lo + ((hi - lo) * i) / (SAMPLES - 1)));
  const exprs = ['SUM(_row)', ...numeric.map((c) => `SUM(${c})`), ...text.map((c) => `SUM(LENGTH(${c}))`),
    ...(segments ? [`SUM(LENGTH(_seg))`, 'COUNT(_seg)', `GROUP_CONCAT(SUBSTR(_seg, 1, 3), '|')`] : [])];
  const sample = ids.size === 0 ? [] : queryRows(db, `SELECT ${exprs.join(', ')} FROM ${table} WHERE rowid IN (${[...ids].join(',')})`).rows[0] ?? [];
  return `${table}|${head.map(String).join('|')}|${sample.map((v) => String(v)).join('|')}`;
}

/**
 * A small LRU cache per database (derived data keyed by fingerprint, periods and segment mode).
 * Entries belong to one mapping generation: applyMapping rebuilds the n_* tables and bumps it, so
 * a lookup after a rebuild starts empty without anyone having to clear the cache by name.
 */
export class PerDatabaseCache<V> {
  /** `name` must be unique among the caches: it names this cache's slot in each database's session. */
  constructor(private readonly name: string, private readonly capacity: number) {}

  private entriesOf(db: Database): LruMap<string, V> {
    return sessionOf(db).cache(`money:${this.name}`, () => new LruMap<string, V>(this.capacity));
  }

  get(db: Database, key: string): V | undefined {
    return this.entriesOf(db).get(key);
  }

  set(db: Database, key: string, v: V): void {
    this.entriesOf(db).set(key, v);
  }
}

/** Gregorian month bounds [start, end) of the month containing `day` (day numbers). */
export function gregorianMonthBounds(day: number): { start: number; end: number } {
  const dt = new Date(day * 86_400_000);
  const y = dt.getUTCFullYear(), m = dt.getUTCMonth();
  return {
    start: Math.floor(Date.UTC(y, m, 1) / 86_400_000),
    end: Math.floor(Date.UTC(y, m + 1, 1) / 86_400_000),
  };
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : v == null ? 0 : Number(v);
}


/**
 * Name of a temp table day → index of the context's periods (like tmp_periods, but joinable by
 * equality). Rewritten only when the periods change.
 */
export function contextDayIndex(ctx: MetricContext): string {
  const name = 'tmp_money_period_days';
  const sig = periodsSignature(ctx.periods);
  const written = ctx.session.lasting('money:dayIndex', () => ({ signature: '' }));
  if (written.signature !== sig || !tableExists(ctx.db, name)) {
    writeDayIndexTable(ctx.db, name, ctx.periods);
    written.signature = sig;
  }
  return name;
}

function tableExists(db: Database, name: string): boolean {
  const { rows } = queryRows(db, `SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = ${literal(name)}`);
  return rows.length > 0;
}

/** Per-period values from rows (idx, value): an array over the periods, `fill` where absent. */
export function byIndex(rows: unknown[][], n: number, col: number, fill: number | null = 0): Array<number | null> {
  const out = new Array<number | null>(n).fill(fill);
  for (const r of rows) {
    const i = num(r[0]);
    if (i >= 0 && i < n) out[i] = r[col] == null ? fill : num(r[col]);
  }
  return out;
}

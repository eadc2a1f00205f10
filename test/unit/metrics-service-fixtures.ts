// Builders shared by the support / surveys / usage / health metric tests: real sql.js database,
// n_* tables filled directly, and a MetricContext over them.
import type { DatasetId, PeriodKind, CalendarId } from '../../src/shared/types';
import { openDatabase, type Database } from '../../src/engine/store/database';
import { createNormalizedTable, insertNormalizedRows } from '../../src/engine/mapping/normalizedSchema';
import { buildMetricContext } from '../../src/engine/metrics/context';
import { dayFromIso } from '../../src/shared/calendar/periods';
import type { MetricContext } from '../../src/engine/metrics/types';

export type Rows = Array<Record<string, unknown>>;

/** Day number of an ISO date. */
export const day = (iso: string): number => dayFromIso(iso)!;
/** Epoch seconds of 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]' (UTC, no zone shift). */
export const ts = (iso: string): number => {
  const [d, t = '00:00:00'] = iso.split(' ');
  const [h = 0, m = 0, s = 0] = t.split(':').map(Number);
  return day(d!) * 86400 + h * 3600 + m * 60 + s;
};

export interface Fixture {
  tables: Partial<Record<DatasetId, Rows>>;
  /** Mapped fields per dataset; default: every field appearing in the rows. */
  mapped?: Partial<Record<DatasetId, string[]>>;
  from: string;
  asOf: string;
  period?: PeriodKind;
  calendar?: CalendarId;
  params?: Record<string, unknown>;
  segmentValue?: string | null;
}

export async function buildDb(tables: Fixture['tables']): Promise<Database> {
  const db = await openDatabase();
  for (const [ds, rows] of Object.entries(tables) as Array<[DatasetId, Rows]>) {
    createNormalizedTable(db, ds);
    insertNormalizedRows(db, ds, rows);
  }
  return db;
}

export function contextOn(db: Database, f: Fixture): MetricContext {
  const mapped: Partial<Record<DatasetId, ReadonlySet<string>>> = {};
  for (const [ds, rows] of Object.entries(f.tables) as Array<[DatasetId, Rows]>) {
    const fields = f.mapped?.[ds] ?? [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !k.startsWith('_'));
    mapped[ds] = new Set(fields);
  }
  return buildMetricContext({
    db, mapped, fromDay: day(f.from), asOfDay: day(f.asOf), period: f.period, calendar: f.calendar,
    params: f.params, segmentValue: f.segmentValue ?? null,
  });
}

export async function makeContext(f: Fixture): Promise<MetricContext> {
  return contextOn(await buildDb(f.tables), f);
}

// Pure translation between AG Grid's models and the engine's paging contract (src/shared/types.ts),
// and the TSV used for copying. (Computed columns are the engine's: TableInfo.computed.)
import type { FilterSpec, SortSpec } from '../../shared/types';

export interface AgSortItem { colId: string; sort: 'asc' | 'desc' | null | undefined }

/** AG Grid sort model → SortSpec[] (column names are the table's headers). */
export function sortModelToSpecs(model: readonly AgSortItem[], headerOf: (colId: string) => string | undefined): SortSpec[] {
  const out: SortSpec[] = [];
  for (const s of model) {
    const column = headerOf(s.colId);
    if (column && (s.sort === 'asc' || s.sort === 'desc')) out.push({ column, direction: s.sort });
  }
  return out;
}

/** Filter options offered per filter kind: exactly those the engine can push down to SQL. */
export const TEXT_FILTER_OPTIONS = ['contains', 'notContains', 'equals', 'startsWith', 'blank', 'notBlank'] as const;
export const NUMBER_FILTER_OPTIONS = ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank'] as const;
export const DATE_FILTER_OPTIONS = ['equals', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'] as const;

const NUMBER_OPS: Record<string, Extract<FilterSpec, { kind: 'number' }>['op']> = {
  equals: 'eq', notEqual: 'ne', lessThan: 'lt', lessThanOrEqual: 'le', greaterThan: 'gt',
  greaterThanOrEqual: 'ge', inRange: 'between', blank: 'blank', notBlank: 'notBlank',
};
const DATE_OPS: Record<string, Extract<FilterSpec, { kind: 'date' }>['op']> = {
  equals: 'eq', lessThan: 'before', greaterThan: 'after', inRange: 'between', blank: 'blank', notBlank: 'notBlank',
};
const TEXT_OPS: ReadonlySet<string> = new Set(TEXT_FILTER_OPTIONS);

/** One condition of AG Grid's simple filters (text, number, date). */
export interface AgFilterCondition {
  filterType?: string;
  type?: string | null;
  filter?: string | number | null;
  filterTo?: number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  /** Present when the user combined two conditions; the grid is set to allow one, so only the first is kept. */
  conditions?: AgFilterCondition[];
}

/** AG Grid date filter values are 'YYYY-MM-DD HH:mm:ss'; the engine compares calendar days. */
function dayPart(s: string | null | undefined): string | undefined {
  return s ? s.slice(0, 10) : undefined;
}

/**
 * AG Grid filter model → FilterSpec[]. Conditions the engine cannot express (other operators,
 * incomplete values) are left out rather than guessed.
 */
export function filterModelToSpecs(model: Readonly<Record<string, AgFilterCondition>>, headerOf: (colId: string) => string | undefined): FilterSpec[] {
  const out: FilterSpec[] = [];
  for (const [colId, raw] of Object.entries(model)) {
    const column = headerOf(colId);
    if (!column || !raw) continue;
    const c = raw.conditions?.[0] ?? raw;
    const type = c.type ?? '';
    const noValue = type === 'blank' || type === 'notBlank';
    if (c.filterType === 'text' || raw.filterType === 'text') {
      if (!TEXT_OPS.has(type)) continue;
      if (!noValue && (c.filter == null || c.filter === '')) continue;
      out.push({ column, kind: 'text', op: type as Extract<FilterSpec, { kind: 'text' }>['op'], ...(noValue ? {} : { value: String(c.filter) }) });
    } else if (c.filterType === 'number' || raw.filterType === 'number') {
      const op = NUMBER_OPS[type];
      if (!op) continue;
      if (noValue) { out.push({ column, kind: 'number', op }); continue; }
      const value = typeof c.filter === 'number' ? c.filter : Number(c.filter);
      if (c.filter == null || !Number.isFinite(value)) continue;
      if (op === 'between') {
        if (c.filterTo == null || !Number.isFinite(c.filterTo)) continue;
        out.push({ column, kind: 'number', op, value, valueTo: c.filterTo });
      } else out.push({ column, kind: 'number', op, value });
    } else if (c.filterType === 'date' || raw.filterType === 'date') {
      const op = DATE_OPS[type];
      if (!op) continue;
      if (noValue) { out.push({ column, kind: 'date', op }); continue; }
      const value = dayPart(c.dateFrom);
      if (!value) continue;
      if (op === 'between') {
        const valueTo = dayPart(c.dateTo);
        if (!valueTo) continue;
        out.push({ column, kind: 'date', op, value, valueTo });
      } else out.push({ column, kind: 'date', op, value });
    }
  }
  return out;
}

/** Excel-compatible TSV: cells with tabs, newlines or quotes are quoted, quotes doubled. */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return rows.map((r) => r.map(tsvCell).join('\t')).join('\r\n');
}

function tsvCell(v: string | number | null | undefined): string {
  if (v == null) return '';
  const s = String(v);
  return /[\t\r\n"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// The query behind what the grid shows right now (table, sort, filters, drill-down), recorded by
// the grid at every page request, so "Export CSV" exports exactly the view on screen.
import type { DrillRequest, FilterSpec, SortSpec } from '../../shared/types';

export interface GridQuery {
  table: string;
  sort: SortSpec[];
  filters: FilterSpec[];
  drill?: DrillRequest;
  /** AG Grid's own filter and sort models behind `filters` and `sort`, to show the same grid again (saved views). */
  filterModel?: Record<string, unknown>;
  sortModel?: Array<{ colId: string; sort: 'asc' | 'desc' }>;
}

/** Asks the grid to show a table with these filters and sort (a saved view being opened). */
export const APPLY_GRID_STATE = 'kpiw:apply-grid-state';
export interface GridState { table: string; filterModel?: Record<string, unknown>; sortModel?: Array<{ colId: string; sort: 'asc' | 'desc' }> }

let shown: GridQuery | null = null;

export function recordShownGridQuery(query: GridQuery): void {
  shown = query;
}

/** The last query the grid ran for `table`, or null when the grid has not shown it yet. */
export function shownGridQuery(table: string): GridQuery | null {
  return shown && shown.table === table ? shown : null;
}

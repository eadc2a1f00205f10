// The query behind what the grid shows right now (table, sort, filters, drill-down), recorded by
// the grid at every page request, so "Export CSV" exports exactly the view on screen.
import type { DrillRequest, FilterSpec, SortSpec } from '../../shared/types';

export interface GridQuery {
  table: string;
  sort: SortSpec[];
  filters: FilterSpec[];
  drill?: DrillRequest;
}

let shown: GridQuery | null = null;

export function recordShownGridQuery(query: GridQuery): void {
  shown = query;
}

/** The last query the grid ran for `table`, or null when the grid has not shown it yet. */
export function shownGridQuery(table: string): GridQuery | null {
  return shown && shown.table === table ? shown : null;
}

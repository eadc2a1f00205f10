// STUB — to be implemented: grid pages with sorting/filtering pushed down to SQL.
import type { RowsPage, RowsRequest } from '../../shared/types';
import type { Database } from './database';

/** Source rows behind a metric value: table name and its source row numbers (__row). */
export interface DrillRows {
  table: string;
  rows: number[];
}

export function getRowsPage(_db: Database, _req: RowsRequest, _drill?: DrillRows): RowsPage {
  throw new Error('getRowsPage: not implemented');
}

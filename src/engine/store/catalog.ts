// STUB — to be implemented: the catalog of imported tables (kept in the database itself).
import type { TableInfo } from '../../shared/types';
import type { Database } from './database';

export function listTables(_db: Database): TableInfo[] {
  return [];
}

export function removeTable(_db: Database, _name: string): void {
  throw new Error('removeTable: not implemented');
}

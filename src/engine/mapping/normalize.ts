// STUB — to be implemented: validate the mapping and build the normalized n_<dataset> tables.
import type { Issue, MappingFile, TableInfo } from '../../shared/types';
import type { Database } from '../store/database';

export function applyMapping(_db: Database, _tables: TableInfo[], _mapping: MappingFile): Issue[] {
  return [];
}

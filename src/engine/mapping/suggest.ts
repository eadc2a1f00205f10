// STUB — to be implemented: auto-suggestion of datasets and fields from headers and value profiles.
import type { MappingFile, TableInfo, TableSuggestion } from '../../shared/types';
import type { Database } from '../store/database';

export function suggestMapping(_db: Database, _tables: TableInfo[]): TableSuggestion[] {
  return [];
}

/** The mapping with every confident suggestion added for tables not mapped yet. */
export function mappingFromSuggestions(_s: TableSuggestion[], current: MappingFile): MappingFile {
  return current;
}

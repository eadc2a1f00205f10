// STUB — to be implemented: the orchestrator (params, periods, families, segments, cache, drill).
import type { AnalysisOptions, AnalysisResult, DrillRequest, Issue, MappingFile, TableInfo } from '../../shared/types';
import type { Database } from '../store/database';
import type { DrillRows } from '../store/paging';

export function analyze(
  _db: Database, _tables: TableInfo[], _mapping: MappingFile, _issues: Issue[], _options: AnalysisOptions,
): AnalysisResult {
  throw new Error('analyze: not implemented');
}

export function drillRows(_db: Database, _tables: TableInfo[], _mapping: MappingFile, _req: DrillRequest): DrillRows {
  throw new Error('drillRows: not implemented');
}

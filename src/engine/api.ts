// The engine's one public surface (src/shared/api.ts): a pure object over one sql.js database.
// Hosts (CLI, worker thread behind Electron IPC / WebSocket, tests) create it and call it.
import type { EngineApi, OpenFileRequest } from '../shared/api';
import type {
  AnalysisOptions, AnalysisResult, DrillRequest, ImportProgress, ImportResult, Issue, MappingFile,
  RowsPage, RowsRequest, TableInfo, TableSuggestion,
} from '../shared/types';
import { openDatabase, type Database } from './store/database';
import { importFile } from './import/pipeline';
import { listTables, removeTable } from './store/catalog';
import { getRowsPage } from './store/paging';
import { suggestMapping, mappingFromSuggestions } from './mapping/suggest';
import { applyMapping } from './mapping/normalize';
import { analyze, drillRows } from './metrics/analyze';

export class Engine implements EngineApi {
  private mapping: MappingFile = { version: 1, tables: [], params: {} };
  private mappingIssues: Issue[] = [];

  private constructor(readonly db: Database) {}

  static async create(bytes?: Uint8Array): Promise<Engine> {
    return new Engine(await openDatabase(bytes));
  }

  async openFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    return importFile(this.db, req, onProgress, signal);
  }

  async listTables(): Promise<TableInfo[]> {
    return listTables(this.db);
  }

  async removeTable(name: string): Promise<void> {
    removeTable(this.db, name);
    this.mapping = { ...this.mapping, tables: this.mapping.tables.filter((t) => t.source !== name) };
  }

  async getRows(req: RowsRequest): Promise<RowsPage> {
    const drill = req.drill ? drillRows(this.db, listTables(this.db), this.mapping, req.drill) : undefined;
    return getRowsPage(this.db, req, drill);
  }

  async suggestMapping(): Promise<TableSuggestion[]> {
    return suggestMapping(this.db, listTables(this.db));
  }

  /** Maps every confidently suggested table that is not mapped yet (what "open a file" does). */
  async autoMap(): Promise<MappingFile> {
    const suggestions = suggestMapping(this.db, listTables(this.db));
    const merged = mappingFromSuggestions(suggestions, this.mapping);
    await this.setMapping(merged);
    return this.mapping;
  }

  async getMapping(): Promise<MappingFile> {
    return this.mapping;
  }

  async setMapping(mapping: MappingFile): Promise<Issue[]> {
    this.mappingIssues = applyMapping(this.db, listTables(this.db), mapping);
    this.mapping = mapping;
    return this.mappingIssues;
  }

  async computeMetrics(options: AnalysisOptions = {}): Promise<AnalysisResult> {
    return analyze(this.db, listTables(this.db), this.mapping, this.mappingIssues, options);
  }

  async drillDown(req: DrillRequest, page: { offset: number; limit: number }): Promise<RowsPage & { table: string }> {
    const drill = drillRows(this.db, listTables(this.db), this.mapping, req);
    const rows = getRowsPage(this.db, { table: drill.table, offset: page.offset, limit: page.limit }, drill);
    return { ...rows, table: drill.table };
  }
}

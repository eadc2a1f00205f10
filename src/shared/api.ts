// The engine's one public surface. Every host (Electron IPC, WebSocket, direct calls from the CLI
// and tests) exposes exactly this interface; requests are validated at each boundary
// (see src/shared/schemas.ts).
import type {
  AnalysisOptions, AnalysisResult, DrillRequest, ImportOptions, ImportProgress, ImportResult,
  MappingFile, RowsPage, RowsRequest, TableInfo, TableSuggestion, Issue,
} from './types';

export interface OpenFileRequest {
  /** Path (or display name in the web host) of the file. */
  source: string;
  /** The file's bytes; hosts read them (read-only) and pass them on. */
  bytes: Uint8Array;
  options?: ImportOptions;
}

export interface EngineApi {
  openFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult>;
  listTables(): Promise<TableInfo[]>;
  removeTable(name: string): Promise<void>;
  getRows(req: RowsRequest): Promise<RowsPage>;
  suggestMapping(): Promise<TableSuggestion[]>;
  getMapping(): Promise<MappingFile>;
  /** Replaces the mapping; returns the validation issues. */
  setMapping(mapping: MappingFile): Promise<Issue[]>;
  computeMetrics(options?: AnalysisOptions): Promise<AnalysisResult>;
  drillDown(req: DrillRequest, page: { offset: number; limit: number }): Promise<RowsPage & { table: string }>;
}

/** Events the engine pushes to hosts. */
export type EngineEvent =
  | { type: 'progress'; requestId: string; progress: ImportProgress }
  | { type: 'tablesChanged' };

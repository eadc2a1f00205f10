// A recording stand-in for the engine, for transport tests (IPC, WebSocket): they check what
// crosses the boundary, not computations (those are tested against the real engine elsewhere).
import type { OpenFileRequest, WorkbenchApi } from '../../src/shared/api';
import type { ImportProgress, ImportResult, TableInfo } from '../../src/shared/types';

export interface FakeEngine extends WorkbenchApi {
  calls: Array<{ method: string; args: unknown[] }>;
  close(): Promise<void>;
  closed: boolean;
}

export function tableInfo(name: string, source: string, rowCount: number): TableInfo {
  return { name, source, sheet: null, rowCount, encoding: 'utf-8', delimiter: ',', headerRow: 1, columns: [], issues: [] };
}

/**
 * openFile "imports" a table whose rowCount is the number of bytes and whose name is the source;
 * a source named "hang.csv" reports progress then waits until its signal is aborted; a source named
 * "boom.csv" throws an ImportError-like error.
 */
export function createFakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const tables: TableInfo[] = [];
  const rec = (method: string, args: unknown[]) => calls.push({ method, args });
  const engine: FakeEngine = {
    calls,
    closed: false,
    async close() { engine.closed = true; },
    async openFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
      rec('openFile', [req]);
      const progress = (fraction: number, phase: ImportProgress['phase']) =>
        onProgress?.({ source: req.source, phase, rows: 0, bytes: Math.round(req.bytes.byteLength * fraction), totalBytes: req.bytes.byteLength, fraction });
      if (req.source === 'boom.csv') throw Object.assign(new Error('boom.csv: not a CSV or XLSX file (binary content)'), { code: 'unknown_format' });
      if (req.source === 'hang.csv') {
        progress(0.1, 'reading');
        await new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      progress(1, 'done');
      const t = tableInfo(req.source.replace(/\W/g, '_'), req.source, req.bytes.byteLength);
      tables.push(t);
      return { tables: [t], failures: [] };
    },
    async listTables() { rec('listTables', []); return tables; },
    async removeTable(name) { rec('removeTable', [name]); },
    async getRows(req) { rec('getRows', [req]); return { columns: ['__row'], rows: [[req.offset + 2]], total: 1 }; },
    async suggestMapping() { rec('suggestMapping', []); return []; },
    async getMapping() { rec('getMapping', []); return { version: 1, tables: [], params: {} }; },
    async setMapping(m) { rec('setMapping', [m]); return []; },
    async autoMap() { rec('autoMap', []); return { version: 1, tables: [], params: {} }; },
    async computeMetrics(o) { rec('computeMetrics', [o]); return { asOf: '2024-12-31', period: 'month', calendar: 'gregorian', mapping: { version: 1, tables: [], params: {} }, issues: [], metrics: [] }; },
    async computeClv(r) { rec('computeClv', [r]); throw new Error('the fake engine has no transactions to fit'); },
    async clvCustomerRows(r) { rec('clvCustomerRows', [r]); throw new Error('the fake engine has no customers'); },
    async drillDown(req, page) { rec('drillDown', [req, page]); return { columns: ['__row'], rows: [], total: 0, table: 't' }; },
    async saveWorkspace(ui) { rec('saveWorkspace', [ui]); return new Uint8Array([0x4b, 0x50, 0x49, 0x57, 0, 255]); },
    async loadWorkspace(bytes) { rec('loadWorkspace', [bytes]); return { mapping: { version: 1, tables: [], params: {} }, uiState: null, sources: [], tables: [], savedAt: null }; },
    async listSources() { rec('listSources', []); return []; },
    async reimportFile(req) { rec('reimportFile', [req]); return { tables: [], failures: [] }; },
    async exportReport(req) { rec('exportReport', [req]); return new Uint8Array([80, 75, 3, 4]); },
    async exportCsv(req) { rec('exportCsv', [req]); return new TextEncoder().encode('\ufeffa,b\r\n'); },
    async reconcile(req) { rec('reconcile', [req]); throw new Error('reconcile: the left table "' + req.left + '" is not in the workspace'); },
    async metricSql(req) { rec('metricSql', [req]); return '-- sql'; },
    async exportReconciliation(req) { rec('exportReconciliation', [req]); throw new Error('reconcile: the left table "' + req.left + '" is not in the workspace'); },
    async openSample() { rec('openSample', []); return { tables: [], failures: [] }; },
  };
  return engine;
}

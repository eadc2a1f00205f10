// The main process's side of the renderer bridge: validates every message from the renderer
// (src/shared/schemas.ts) and runs it on the engine. Plain module: index.ts wires it to ipcMain.
import type { EngineEvent, WorkbenchApi } from '../shared/api';
import { createDispatcher, toRpcError, type ResultMessage } from '../shared/rpc';
import { ValidationError, describeZodError, openPathsMessageSchema } from '../shared/schemas';
import type { ImportProgress, ImportResult } from '../shared/types';
import type { SourceFile } from '../engine/host/files';
import { notChosenMessage } from './sessionPaths';

export interface MainIpc {
  /** `kpiw:call` */
  call(message: unknown): Promise<ResultMessage>;
  /** `kpiw:cancel` */
  cancel(id: unknown): void;
  /** `kpiw:openPaths` */
  openPaths(message: unknown): Promise<ResultMessage>;
  /** Imports files chosen in a main-process dialog (already trusted paths). */
  importPaths(paths: string[], requestId?: string): Promise<ImportResult>;
  cancelAll(): void;
}

export interface MainIpcOptions {
  api: WorkbenchApi;
  emit(event: EngineEvent): void;
  /** Reads a source file read-only (src/engine/host/files.ts readSourceFile). */
  readSource(filePath: string): Promise<SourceFile>;
  /** Called with the paths that were imported (the Open Recent list). */
  onImported?(paths: string[]): void;
  /**
   * Whether the user chose this file in this session (src/main/sessionPaths.ts). Paths the
   * renderer sends that were not chosen are refused, one failure each; main's own calls of
   * importPaths are trusted.
   */
  isChosen?(path: string): boolean;
}

export function createMainIpc(options: MainIpcOptions): MainIpc {
  const { api, emit, readSource } = options;
  const dispatcher = createDispatcher(api, emit);
  const imports = new Map<string, AbortController>();
  let counter = 0;

  async function importPaths(paths: string[], requestId = `main-${++counter}`): Promise<ImportResult> {
    const controller = new AbortController();
    imports.set(requestId, controller);
    const onProgress = (progress: ImportProgress) => emit({ type: 'progress', requestId, progress });
    const result: ImportResult = { tables: [], failures: [] };
    const imported: string[] = [];
    try {
      for (const p of paths) {
        controller.signal.throwIfAborted();
        let file: SourceFile;
        try {
          file = await readSource(p);
        } catch (err) {
          const code = (err as { code?: string }).code;
          result.failures.push({
            source: p, sheet: null, code: 'read_failed',
            message: `${p}: cannot be read (${code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err)})`,
          });
          continue;
        }
        let r: ImportResult;
        try {
          r = await api.openFile({ source: p, bytes: file.bytes, size: file.size, mtimeMs: file.mtimeMs }, onProgress, controller.signal);
        } catch (err) {
          if (controller.signal.aborted) throw err;
          // One unreadable file does not stop the others.
          const e = toRpcError(err);
          result.failures.push({ source: p, sheet: null, code: e.code, message: e.message });
          continue;
        }
        result.tables.push(...r.tables);
        result.failures.push(...r.failures);
        if (r.tables.length) imported.push(p);
      }
    } finally {
      imports.delete(requestId);
      emit({ type: 'tablesChanged' });
      if (imported.length) options.onImported?.(imported);
    }
    return result;
  }

  return {
    call: async (message) => (await dispatcher.handle(message)) ?? invalid('', new ValidationError('a cancel is not a call')),
    cancel(id) {
      if (typeof id !== 'string' || id.length > 100) return;
      imports.get(id)?.abort();
      void dispatcher.handle({ kind: 'cancel', id });
    },
    async openPaths(message) {
      const parsed = openPathsMessageSchema.safeParse(message);
      if (!parsed.success) {
        const id = typeof (message as { id?: unknown })?.id === 'string' ? (message as { id: string }).id : '';
        return invalid(id, new ValidationError(`invalid openPaths message: ${describeZodError(parsed.error)}`));
      }
      const { id, paths } = parsed.data;
      const isChosen = options.isChosen ?? (() => true);
      const refused = paths.filter((p) => !isChosen(p));
      try {
        const value = await importPaths(paths.filter(isChosen), id);
        value.failures.unshift(...refused.map((p) => ({ source: p, sheet: null, code: 'not_chosen', message: notChosenMessage(p) })));
        return { kind: 'result', id, ok: true, value };
      } catch (err) {
        const aborted = err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'cancelled');
        return { kind: 'result', id, ok: false, error: aborted ? { message: 'cancelled', code: 'cancelled' } : toRpcError(err) };
      }
    },
    importPaths,
    cancelAll() {
      for (const c of imports.values()) c.abort();
      dispatcher.cancelAll();
    },
  };
}

function invalid(id: string, err: Error): ResultMessage {
  return { kind: 'result', id, ok: false, error: toRpcError(err) };
}

// What both hosts (the web server and Electron main) put behind the wire protocol: an engine plus
// the host-level methods (the bundled sample workspace). It lives in engine/host, not in either host,
// so that neither host imports the other.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EngineApi, WorkbenchApi } from '../../shared/api';
import type { ImportProgress, ImportResult } from '../../shared/types';

export type HostedEngine = EngineApi & { close(): Promise<void> };

/**
 * A fresh engine for one window or one browser connection, in its own worker thread (the UI and
 * the host's event loop never wait on an import or a query). Needs dist/engine-worker.js, built by
 * `npm run build:cli` (postinstall, `npm test`, `npm run serve`).
 */
export async function startEngine(): Promise<HostedEngine> {
  // Loaded on first use: hosts (and their tests) start without loading the engine's modules.
  const { createWorkerEngine } = await import('./workerClient');
  return createWorkerEngine();
}

const SAMPLE_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.xlsx']);

/** The engine plus `openSample`, which imports every data file of `sampleDir` and auto-maps. */
export function withHostApi(engine: EngineApi, sampleDir: string): WorkbenchApi {
  const openSample = async (onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> => {
    const names = (await fs.readdir(sampleDir)).filter((n) => SAMPLE_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
    if (names.length === 0) throw new Error(`no sample files in ${sampleDir}`);
    // Opening the sample twice does not duplicate it: files already imported are skipped.
    const loaded = new Set((await engine.listTables()).map((t) => t.source));
    const result: ImportResult = { tables: [], failures: [] };
    for (const name of names) {
      if (loaded.has(name)) continue;
      signal?.throwIfAborted();
      const file = path.join(sampleDir, name);
      const bytes = new Uint8Array(await fs.readFile(file));
      const r = await engine.openFile({ source: name, bytes, size: bytes.byteLength }, onProgress, signal);
      result.tables.push(...r.tables);
      result.failures.push(...r.failures);
    }
    await engine.autoMap();
    return result;
  };
  // Every other method runs on the engine itself (bound, so its state stays in one object).
  return new Proxy(engine, {
    get(target, prop) {
      if (prop === 'openSample') return openSample;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as WorkbenchApi;
}

// The caller's side of the engine worker: an EngineApi whose calls run in a worker thread.
// Requests and responses are matched by id; progress callbacks are forwarded to the caller;
// aborting a call's AbortSignal sends a cancel message for it.
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineApi } from '../../shared/api';
import { ImportError } from '../import/types';
import type { FromWorker, SerializedError, ToWorker } from './protocol';

export type WorkerEngine = EngineApi & {
  /** Stops the worker; calls still running are rejected. */
  close(): Promise<void>;
};

export interface WorkerEngineOptions {
  /** Path of the built worker script (default: engine-worker.js next to this module, or dist/). */
  workerPath?: string;
  /** The worker's JS heap limit in MB (default defaultWorkerHeapMb()). */
  maxHeapMb?: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  callbacks: Array<(...args: unknown[]) => void>;
  cleanup: () => void;
  /** What the call was doing, named for the user ("subs.csv: importing it"). */
  doing: string;
}

/**
 * Where the built worker is: next to this module when bundled (dist/cli.js → dist/engine-worker.js),
 * else in a dist/ folder of an enclosing directory (running from source in tests, or from another
 * bundle such as out/main/ of the desktop app) after `npm run build:cli`.
 */
export function findWorkerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'engine-worker.js')];
  for (let dir = here, up = 0; up < 5; up++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'dist', 'engine-worker.js'));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error(`engine worker script not found (looked in ${candidates.join(', ')}); run \`npm run build:cli\` first`);
  }
  return found;
}

/**
 * The worker's own JS heap limit: what an import that gets past every check may use before it
 * kills only the worker (the host and its other sessions keep running). Half the machine's memory,
 * between 2 and 16 GiB: far above any accepted file's need, far below taking the machine down.
 */
export function defaultWorkerHeapMb(): number {
  return Math.round(Math.min(16_384, Math.max(2_048, totalmem() / 2 / 1024 ** 2)));
}

/** Names what a call was doing, for the message when the worker dies under it. */
function describeCall(method: string, args: unknown[]): string {
  const source = (args[0] as { source?: unknown } | null)?.source;
  if ((method === 'openFile' || method === 'reimportFile') && typeof source === 'string') return `${source}: importing it`;
  return method;
}

export async function createWorkerEngine(options: WorkerEngineOptions = {}): Promise<WorkerEngine> {
  const script = options.workerPath ?? findWorkerScript();
  const heapMb = options.maxHeapMb ?? defaultWorkerHeapMb();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let worker: Worker | null = null;

  const failAll = (error: (p: Pending) => unknown) => {
    for (const p of pending.values()) { p.cleanup(); p.reject(error(p)); }
    pending.clear();
  };

  async function start(): Promise<Worker> {
    const w = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: FromWorker) => {
        if (msg.type === 'ready') { w.off('error', reject); resolve(); }
        else if (msg.type === 'startupError') reject(deserializeError(msg.error));
      };
      w.once('message', onMessage);
      w.once('error', reject);
    });
    let lastError: (Error & { code?: string }) | null = null;
    w.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready' || msg.type === 'startupError') return;
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'callback') { p.callbacks[msg.callback]?.(...msg.args); return; }
      pending.delete(msg.id);
      p.cleanup();
      if (msg.type === 'result') p.resolve(msg.result);
      else p.reject(deserializeError(msg.error));
    });
    w.on('error', (e) => { lastError = e as Error & { code?: string }; });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (closed) return;
      // The worker died under its calls (out of memory, or a crash): each is told what it was
      // doing; the next call starts a fresh, empty engine, so the host keeps serving.
      const outOfMemory = lastError?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const cause = outOfMemory ? `ran out of memory (the engine's limit is ${heapMb} MB)` : `stopped unexpectedly (${lastError?.message ?? `exit code ${code}`})`;
      failAll((p) => Object.assign(
        new Error(`${p.doing}: the engine ${cause}; it has restarted empty, so open the workspace or files again`),
        { code: outOfMemory ? 'engine_out_of_memory' : 'engine_crashed' },
      ));
    });
    return w;
  }

  let starting: Promise<Worker> | null = null;
  const running = async (): Promise<Worker> => {
    if (worker) return worker;
    starting ??= start().then((w) => { worker = w; return w; }).finally(() => { starting = null; });
    return starting;
  };
  await running();

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    if (closed) throw new Error('engine worker is closed');
    const w = await running();
    const id = nextId++;
    const callbacks: Array<(...a: unknown[]) => void> = [];
    const signals: AbortSignal[] = [];
    const wireArgs = args.map((a) => {
      if (typeof a === 'function') { callbacks.push(a as (...x: unknown[]) => void); return { __callback: callbacks.length - 1 }; }
      if (a instanceof AbortSignal) { signals.push(a); return { __signal: true }; }
      return a;
    });
    // An already aborted signal still goes through the engine, which answers 'cancelled'.
    const onAbort = () => w.postMessage({ type: 'cancel', id } satisfies ToWorker);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => { for (const s of signals) s.removeEventListener('abort', onAbort); };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, callbacks, cleanup, doing: describeCall(method, args) });
      w.postMessage({ type: 'call', id, method, args: wireArgs } satisfies ToWorker);
      if (signals.some((s) => s.aborted)) onAbort();
    });
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    failAll(() => new Error('engine worker closed'));
    await (worker ?? await starting?.catch(() => null))?.terminate();
  };

  // Every EngineApi method is forwarded by name; undefined trailing arguments are dropped so that
  // defaults apply on the engine side.
  return new Proxy({ close } as WorkerEngine, {
    get(target, prop) {
      if (prop === 'close') return close;
      if (prop === 'then' || typeof prop !== 'string') return (target as unknown as Record<string | symbol, unknown>)[prop];
      return (...args: unknown[]) => {
        while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
        return call(prop, args);
      };
    },
  });
}

function deserializeError(e: SerializedError): Error {
  const error = e.code !== undefined && e.name === 'ImportError' && e.text
    ? new ImportError(e.text, e.code, e.sheet ?? null)
    : Object.assign(new Error(e.message), e.code !== undefined ? { code: e.code } : {}, e.text ? { text: e.text } : {});
  error.name = e.name;
  if (e.stack) error.stack = e.stack;
  return error;
}

// The caller's side of the engine worker: an EngineApi whose calls run in a worker thread.
// Requests and responses are matched by id; progress callbacks are forwarded to the caller;
// aborting a call's AbortSignal sends a cancel message for it.
import { existsSync } from 'node:fs';
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
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  callbacks: Array<(...args: unknown[]) => void>;
  cleanup: () => void;
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

export async function createWorkerEngine(options: WorkerEngineOptions = {}): Promise<WorkerEngine> {
  const worker = new Worker(options.workerPath ?? findWorkerScript());
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;

  const failAll = (error: unknown) => {
    for (const p of pending.values()) { p.cleanup(); p.reject(error); }
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onMessage = (msg: FromWorker) => {
      if (msg.type === 'ready') { worker.off('error', reject); resolve(); }
      else if (msg.type === 'startupError') reject(deserializeError(msg.error));
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
  });

  worker.on('message', (msg: FromWorker) => {
    if (msg.type === 'ready' || msg.type === 'startupError') return;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'callback') { p.callbacks[msg.callback]?.(...msg.args); return; }
    pending.delete(msg.id);
    p.cleanup();
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(deserializeError(msg.error));
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => {
    if (!closed) failAll(new Error(`engine worker exited unexpectedly (code ${code})`));
    closed = true;
  });

  const call = (method: string, args: unknown[]): Promise<unknown> => {
    if (closed) return Promise.reject(new Error('engine worker is closed'));
    const id = nextId++;
    const callbacks: Array<(...a: unknown[]) => void> = [];
    const signals: AbortSignal[] = [];
    const wireArgs = args.map((a) => {
      if (typeof a === 'function') { callbacks.push(a as (...x: unknown[]) => void); return { __callback: callbacks.length - 1 }; }
      if (a instanceof AbortSignal) { signals.push(a); return { __signal: true }; }
      return a;
    });
    // An already aborted signal still goes through the engine, which answers 'cancelled'.
    const onAbort = () => worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => { for (const s of signals) s.removeEventListener('abort', onAbort); };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, callbacks, cleanup });
      worker.postMessage({ type: 'call', id, method, args: wireArgs } satisfies ToWorker);
      if (signals.some((s) => s.aborted)) onAbort();
    });
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    failAll(new Error('engine worker closed'));
    await worker.terminate();
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
  const error = e.code !== undefined && e.name === 'ImportError'
    ? new ImportError(e.message, e.code, e.sheet ?? null)
    : Object.assign(new Error(e.message), e.code !== undefined ? { code: e.code } : {});
  error.name = e.name;
  if (e.stack) error.stack = e.stack;
  return error;
}

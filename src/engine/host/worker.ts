// The engine in a worker thread (so the UI and the host's event loop never freeze). Receives
// calls by id, runs them on one Engine, posts results, errors and progress callbacks back.
// Built to dist/engine-worker.js by scripts/build-cli.mjs; started by workerClient.ts.
import { parentPort } from 'node:worker_threads';
import { ENGINE_METHOD_NAMES } from '../../shared/schemas';
import { Engine } from '../api';
import {
  isCallbackMarker, isSignalMarker, serializeError, type FromWorker, type ToWorker,
} from './protocol';

if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;
const post = (msg: FromWorker) => port.postMessage(msg);

/** Engine methods callable from the other side: the API table's methods the Engine implements. */
const METHODS: ReadonlySet<string> = new Set(ENGINE_METHOD_NAMES);
const running = new Map<number, AbortController>();

const engineReady = Engine.create();
engineReady.then(
  () => post({ type: 'ready' }),
  (e: unknown) => post({ type: 'startupError', error: serializeError(e) }),
);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  void handleCall(msg.id, msg.method, msg.args);
});

async function handleCall(id: number, method: string, rawArgs: unknown[]): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!METHODS.has(method)) throw new Error(`unknown engine method "${method}"`);
    const args = rawArgs.map((a) => {
      if (isCallbackMarker(a)) return (...cbArgs: unknown[]) => post({ type: 'callback', id, callback: a.__callback, args: cbArgs });
      if (isSignalMarker(a)) return controller.signal;
      return a;
    });
    const engine = await engineReady;
    const fn = (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    const result = await fn.apply(engine, args);
    post({ type: 'result', id, result });
  } catch (e) {
    post({ type: 'error', id, error: serializeError(e) });
  } finally {
    running.delete(id);
  }
}

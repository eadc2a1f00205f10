// The renderer's engine client, independent of how messages travel: turns WorkbenchApi calls into
// CallMessages on a Channel (Electron IPC or WebSocket) and results back into values or errors.
import type { EngineEvent, OpenFileRequest, WorkbenchApi } from '../../shared/api';
import type { HostCommand } from '../../shared/bridge';
import type { ResultMessage, RpcError } from '../../shared/rpc';
import { METHOD_NAMES, methodSpec, type CallMessage, type MethodName } from '../../shared/schemas';
import type { ImportProgress, ImportResult, TextMessage } from '../../shared/types';

export interface BinaryPart { bytes: Uint8Array; asArgument: boolean }

/** A transport: delivers calls and cancels, and the host's pushed events. */
export interface Channel {
  readonly host: 'electron' | 'web';
  /**
   * Sends a call. `binary` carries bytes kept out of JSON: the file of an openFile/reimportFile
   * request (`asArgument` false: they belong in args[0].bytes) or a workspace (`asArgument` true).
   */
  call(message: CallMessage, binary?: BinaryPart): Promise<ResultMessage>;
  cancel(id: string): void;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  onCommand(listener: (command: HostCommand) => void): () => void;
  /** Electron only: imports files the shell can read by path (drag and drop keeps the real path). */
  openPaths?(id: string, files: File[]): Promise<ResultMessage> | null;
}

export interface EngineClient extends WorkbenchApi {
  readonly host: 'electron' | 'web';
  /** Engine events: import progress (matched to a call by `requestId`) and `tablesChanged`. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Commands from the desktop menu (copy as TSV, theme, files opened from the menu); never fires in a browser. */
  onCommand(listener: (command: HostCommand) => void): () => void;
  /** Imports File objects from a file input or a drop, one after the other; results are merged. */
  openLocalFiles(files: File[], onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult>;
}

/** A call the host rejected; `code` is 'invalid_request', 'cancelled', an import code or 'engine_error'. */
export class EngineError extends Error {
  /** `text`: the error as a message, shown in the UI language (`message` is English). */
  constructor(message: string, readonly code: string, readonly text?: TextMessage) {
    super(message);
    this.name = 'EngineError';
  }
  static from(e: RpcError): EngineError {
    return new EngineError(e.message, e.code, e.text);
  }
}

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);
export function nextRequestId(): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function createEngineClient(channel: Channel): EngineClient {
  const progressListeners = new Map<string, (p: ImportProgress) => void>();
  channel.onEvent((event) => {
    if (event.type === 'progress') progressListeners.get(event.requestId)?.(event.progress);
  });

  async function invoke<T>(
    method: MethodName, args: unknown[], opts: { binary?: BinaryPart; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
  ): Promise<T> {
    const id = nextRequestId();
    return track(id, opts, () => channel.call({ kind: 'call', id, method, args }, opts.binary));
  }

  /** The client side of one method, shaped by its entry in the API table. */
  function remote(method: MethodName): (...args: unknown[]) => Promise<unknown> {
    const spec = methodSpec(method);
    const arity = spec.args.def.items.length;
    return (...all) => {
      const args = all.slice(0, arity);
      const [onProgress, signal] = spec.progress ? all.slice(arity) as [((p: ImportProgress) => void)?, AbortSignal?]
        : spec.cancellable ? [undefined, all[arity] as AbortSignal | undefined] : [];
      // Left-out optional arguments are not sent, so the engine's defaults apply.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      if (spec.bytes === 'inRequest') {
        const { bytes, ...meta } = args[0] as OpenFileRequest;
        return invoke(method, [meta], { binary: { bytes, asArgument: false }, onProgress, signal });
      }
      if (spec.bytes === 'asArgument') {
        return invoke(method, [null, ...args.slice(1)], { binary: { bytes: args[0] as Uint8Array, asArgument: true }, onProgress, signal });
      }
      return invoke(method, args, { onProgress, signal });
    };
  }
  const methods = Object.fromEntries(METHOD_NAMES.map((m) => [m, remote(m)])) as unknown as WorkbenchApi;

  async function track<T>(
    id: string, opts: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal }, send: () => Promise<ResultMessage>,
  ): Promise<T> {
    if (opts.signal?.aborted) throw new EngineError('cancelled', 'cancelled');
    if (opts.onProgress) progressListeners.set(id, opts.onProgress);
    const onAbort = () => channel.cancel(id);
    opts.signal?.addEventListener('abort', onAbort);
    try {
      const reply = await send();
      if (!reply.ok) throw EngineError.from(reply.error);
      return reply.value as T;
    } finally {
      progressListeners.delete(id);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function openOne(file: File, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    const id = nextRequestId();
    const byPath = channel.openPaths?.(id, [file]);
    if (byPath) return track<ImportResult>(id, { onProgress, signal }, () => byPath);
    const bytes = new Uint8Array(await file.arrayBuffer());
    return client.openFile({ source: file.name, bytes }, onProgress, signal);
  }

  const client: EngineClient = {
    ...methods,
    host: channel.host,
    onEvent: (listener) => channel.onEvent(listener),
    onCommand: (listener) => channel.onCommand(listener),
    async openLocalFiles(files, onProgress, signal) {
      const merged: ImportResult = { tables: [], failures: [] };
      for (const file of files) {
        if (signal?.aborted) break;
        try {
          const r = await openOne(file, onProgress, signal);
          merged.tables.push(...r.tables);
          merged.failures.push(...r.failures);
        } catch (err) {
          if (err instanceof EngineError && err.code === 'cancelled') throw err;
          merged.failures.push({
            source: file.name, sheet: null,
            message: err instanceof Error ? err.message : String(err),
            code: err instanceof EngineError ? err.code : 'read_failed',
          });
        }
      }
      return merged;
    },
  };
  return client;
}

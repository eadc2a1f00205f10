// The wire protocol between the renderer and a host (Electron IPC or the web host's WebSocket),
// and the host-side dispatcher that validates each call and runs it against the engine.
// Pure TypeScript (no Node, no DOM beyond TextEncoder/AbortController) so both hosts and the
// renderer-side client share it.
import type { EngineEvent, WorkbenchApi } from './api';
import type { ImportProgress, TextMessage } from './types';
import {
  ValidationError, clientMessageSchema, describeZodError, methodSpec, parseCallArgs,
  type CallMessage, type ClientMessage,
} from './schemas';

/** host → renderer: the outcome of one call. */
export type ResultMessage =
  | { kind: 'result'; id: string; ok: true; value: unknown }
  | { kind: 'result'; id: string; ok: false; error: RpcError };

/** host → renderer: a pushed engine event. */
export interface EventMessage { kind: 'event'; event: EngineEvent }

export type HostMessage = ResultMessage | EventMessage;

export interface RpcError {
  /** English text. */
  message: string;
  /** 'invalid_request' for validation failures, 'cancelled', an ImportError code, or 'engine_error'. */
  code: string;
  /** The error as a message of the resource files (import, workspace and parameter errors), for the reader's language. */
  text?: TextMessage;
}

/** Progress events are pushed at most this often per call (the engine may report per batch). */
const PROGRESS_INTERVAL_MS = 100;

export interface Dispatcher {
  /** Validates and runs one client message; resolves with the reply to send (null for a cancel). */
  handle(message: unknown): Promise<ResultMessage | null>;
  /** Aborts every running call (the connection or window went away). */
  cancelAll(): void;
}

/**
 * The host side of the protocol. `emit` sends an event to the same client. Every message is
 * validated (envelope, then the method's arguments) before the engine sees it; failures become
 * `{ ok: false, error: { code: 'invalid_request' } }` replies, never exceptions.
 */
export function createDispatcher(api: WorkbenchApi, emit: (event: EngineEvent) => void): Dispatcher {
  const running = new Map<string, AbortController>();

  async function run(call: CallMessage): Promise<ResultMessage> {
    const { id, method } = call;
    const spec = methodSpec(method);
    if (running.has(id)) return failure(id, new ValidationError(`request id ${id} is already running`));
    const controller = new AbortController();
    running.set(id, controller);
    let invoked = false;
    try {
      const args = parseCallArgs(method, call.args);
      if (spec.progress) {
        // Optional arguments the caller left out stay in place, so the callback and signal land
        // where the method expects them.
        args.length = spec.args.def.items.length;
        args.push(throttledProgress(id, emit), controller.signal);
      } else if (spec.cancellable) {
        args.length = spec.args.def.items.length;
        args.push(controller.signal);
      }
      const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
      invoked = true;
      const value = await fn.apply(api, args);
      if (spec.changesTables) emit({ type: 'tablesChanged' });
      return { kind: 'result', id, ok: true, value: value ?? null };
    } catch (err) {
      // A failed import may still have created tables (sheets read before the failure).
      if (invoked && spec.changesTables) emit({ type: 'tablesChanged' });
      return failure(id, controller.signal.aborted ? cancelledError() : err);
    } finally {
      running.delete(id);
    }
  }

  return {
    async handle(message: unknown): Promise<ResultMessage | null> {
      const parsed = clientMessageSchema.safeParse(message);
      if (!parsed.success) {
        const id = typeof (message as { id?: unknown })?.id === 'string' ? (message as { id: string }).id : '';
        return failure(id, new ValidationError(`invalid message: ${describeZodError(parsed.error)}`));
      }
      const msg: ClientMessage = parsed.data;
      if (msg.kind === 'cancel') {
        running.get(msg.id)?.abort();
        return null;
      }
      return run(msg);
    },
    cancelAll() {
      for (const c of running.values()) c.abort();
    },
  };
}

function throttledProgress(requestId: string, emit: (event: EngineEvent) => void): (p: ImportProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (progress.phase !== 'done' && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    emit({ type: 'progress', requestId, progress });
  };
}

function cancelledError(): Error & { code: string } {
  return Object.assign(new Error('cancelled'), { code: 'cancelled' });
}

function failure(id: string, err: unknown): ResultMessage {
  return { kind: 'result', id, ok: false, error: toRpcError(err) };
}

/** The message an engine error carries (ImportError, WorkspaceFormatError, ParamError: `text`), when it is one. */
export function errorText(err: unknown): TextMessage | undefined {
  const text = (err as { text?: unknown } | null)?.text;
  return isTextMessage(text) ? text : undefined;
}

function isTextMessage(v: unknown, depth = 0): v is TextMessage {
  if (typeof v !== 'object' || v === null || typeof (v as TextMessage).key !== 'string' || depth > 4) return false;
  const values = (v as TextMessage).values;
  if (values === undefined) return true;
  if (typeof values !== 'object' || values === null) return false;
  return Object.values(values).every((x) => typeof x === 'string' || typeof x === 'number'
    || (typeof x === 'object' && x !== null && ('key' in x ? isTextMessage(x, depth + 1) : typeof (x as { number?: unknown }).number === 'number')));
}

export function toRpcError(err: unknown): RpcError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const text = errorText(err);
    return { message: err.message || err.name, code: typeof code === 'string' ? code : 'engine_error', ...(text ? { text } : {}) };
  }
  return { message: String(err), code: 'engine_error' };
}

// ---------------------------------------------------------------------------------------------
// Binary frames (WebSocket): a call or result carrying bytes (a file to import, a workspace or
// report to download) travels as one binary message, so a 60 MB file is neither base64-inflated
// nor parsed as a JSON string:
//   [uint32 little-endian: header length][header: UTF-8 JSON message][bytes]
// In a call's header, args[0] is either the request object (the bytes become its `bytes` field) or
// the marker BYTES_ARG (the bytes are the argument). A result's header has value BYTES_ARG.

export const BYTES_ARG = '$bytes';

export function encodeBinaryFrame(header: unknown, bytes: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + head.byteLength + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, head.byteLength, true);
  out.set(head, 4);
  out.set(bytes, 4 + head.byteLength);
  return out;
}

/** Splits a binary frame into its JSON header and bytes — or throws ValidationError. */
export function decodeBinaryFrame(frame: Uint8Array): { header: unknown; bytes: Uint8Array } {
  if (frame.byteLength < 4) throw new ValidationError('binary message too short');
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (headerLength > 256 * 1024 || 4 + headerLength > frame.byteLength) throw new ValidationError('binary message header length out of range');
  try {
    const header: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headerLength)));
    return { header, bytes: frame.subarray(4 + headerLength) };
  } catch {
    throw new ValidationError('binary message header is not JSON');
  }
}

/** A call with bytes as one frame: bytes from args[0].bytes, or args[0] itself when it is bytes. */
export function encodeBinaryCall(call: CallMessage, bytes: Uint8Array, asArgument: boolean): Uint8Array {
  const [first, ...rest] = call.args;
  const head = asArgument ? BYTES_ARG : { ...(first as object), bytes: undefined };
  return encodeBinaryFrame({ ...call, args: [head, ...rest] }, bytes);
}

/** The call inside a binary frame with its bytes put back in place (validated afterwards). */
export function decodeBinaryCall(frame: Uint8Array): unknown {
  const { header, bytes } = decodeBinaryFrame(frame);
  const call = header as { args?: unknown };
  if (!Array.isArray(call?.args) || call.args.length === 0) throw new ValidationError('binary message must carry a call with arguments');
  const [first, ...rest] = call.args as unknown[];
  if (first === BYTES_ARG) return { ...call, args: [bytes, ...rest] };
  if (first === null || typeof first !== 'object' || Array.isArray(first)) {
    throw new ValidationError('binary message must carry bytes or a request object as first argument');
  }
  return { ...call, args: [{ ...(first as object), bytes }, ...rest] };
}

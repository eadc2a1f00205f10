// Messages between workerClient (caller's thread) and worker (the engine's thread). Arguments
// that cannot cross a thread boundary are replaced by markers: a callback (import progress) by
// { __callback: i }, an AbortSignal by { __signal: true } (aborting sends a 'cancel' message).

import type { TextMessage } from '../../shared/types';
import { errorText } from '../../shared/rpc';

export interface CallMessage { type: 'call'; id: number; method: string; args: unknown[] }
export interface CancelMessage { type: 'cancel'; id: number }
export type ToWorker = CallMessage | CancelMessage;

export interface SerializedError { name: string; message: string; code?: string; sheet?: string | null; text?: TextMessage; stack?: string }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'startupError'; error: SerializedError }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'callback'; id: number; callback: number; args: unknown[] };

export interface CallbackMarker { __callback: number }
export interface SignalMarker { __signal: true }

export function isCallbackMarker(v: unknown): v is CallbackMarker {
  return typeof v === 'object' && v !== null && typeof (v as CallbackMarker).__callback === 'number';
}

export function isSignalMarker(v: unknown): v is SignalMarker {
  return typeof v === 'object' && v !== null && (v as SignalMarker).__signal === true;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const withCode = e as Error & { code?: unknown; sheet?: unknown };
    return {
      name: e.name, message: e.message, stack: e.stack,
      code: typeof withCode.code === 'string' ? withCode.code : undefined,
      sheet: typeof withCode.sheet === 'string' || withCode.sheet === null ? (withCode.sheet as string | null) : undefined,
      text: errorText(e),
    };
  }
  return { name: 'Error', message: String(e) };
}

// Channel over the web host's WebSocket (`/ws` on the page's own origin). Calls are JSON text
// frames; an openFile call with its file is one binary frame (src/shared/rpc.ts).
import type { EngineEvent } from '../../shared/api';
import { decodeBinaryFrame, encodeBinaryCall, type HostMessage, type ResultMessage } from '../../shared/rpc';
import type { CallMessage } from '../../shared/schemas';
import type { BinaryPart, Channel } from './client';

export function createWebSocketChannel(url: string): Channel {
  const pending = new Map<string, (reply: ResultMessage) => void>();
  const listeners = new Set<(event: EngineEvent) => void>();
  let socket: Promise<WebSocket> | null = null;

  function connect(): Promise<WebSocket> {
    socket ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error(`cannot reach the KPI Workbench engine at ${url}`));
      ws.onmessage = (e) => {
        if (typeof e.data !== 'string') {
          // A result whose value is bytes (workspace, report, CSV).
          const { header, bytes } = decodeBinaryFrame(new Uint8Array(e.data as ArrayBuffer));
          const result = header as ResultMessage;
          pending.get(result.id)?.({ ...result, ok: true, value: bytes } as ResultMessage);
          return;
        }
        const msg = JSON.parse(e.data) as HostMessage;
        if (msg.kind === 'event') for (const l of listeners) l(msg.event);
        else pending.get(msg.id)?.(msg);
      };
      ws.onclose = () => {
        socket = null;
        // Calls in flight cannot complete: fail them in plain words instead of hanging.
        for (const [id, settle] of pending) {
          settle({ kind: 'result', id, ok: false, error: { message: 'the connection to the engine was closed', code: 'disconnected' } });
        }
        pending.clear();
      };
    });
    return socket;
  }

  return {
    host: 'web',
    async call(message: CallMessage, binary?: BinaryPart) {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch (err) {
        return { kind: 'result', id: message.id, ok: false, error: { message: (err as Error).message, code: 'disconnected' } };
      }
      return new Promise<ResultMessage>((resolve) => {
        pending.set(message.id, (reply) => { pending.delete(message.id); resolve(reply); });
        ws.send(binary ? (encodeBinaryCall(message, binary.bytes, binary.asArgument) as Uint8Array<ArrayBuffer>) : JSON.stringify(message));
      });
    },
    cancel(id: string) {
      void connect().then((ws) => ws.send(JSON.stringify({ kind: 'cancel', id })));
    },
    onEvent(listener) {
      listeners.add(listener);
      void connect().catch(() => undefined);
      return () => listeners.delete(listener);
    },
    onCommand() {
      return () => undefined;
    },
  };
}

// Channel over the preload's `window.kpiw` bridge (Electron IPC, validated in main).
import type { KpiwBridge } from '../../shared/bridge';
import type { CallMessage } from '../../shared/schemas';
import type { BinaryPart, Channel } from './client';

export function createElectronChannel(bridge: KpiwBridge): Channel {
  return {
    host: 'electron',
    // Structured clone carries bytes as they are: put them back where the method expects them.
    call(message: CallMessage, binary?: BinaryPart) {
      if (!binary) return bridge.call(message);
      const [first, ...rest] = message.args;
      const arg = binary.asArgument ? binary.bytes : { ...(first as object), bytes: binary.bytes };
      return bridge.call({ ...message, args: [arg, ...rest] });
    },
    cancel: (id) => bridge.cancel(id),
    onEvent: (listener) => bridge.onEvent(listener),
    onCommand: (listener) => bridge.onCommand(listener),
    openPaths(id, files) {
      const paths = files.map((f) => bridge.pathForFile(f));
      // Files without a path (created in the page) travel as bytes instead.
      return paths.every((p) => p) ? bridge.openPaths(id, paths) : null;
    },
  };
}

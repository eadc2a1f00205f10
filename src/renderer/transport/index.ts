// The renderer's way to the engine: `getEngine()` picks the transport once — the preload's
// `window.kpiw` in Electron, the web host's WebSocket in a browser.
import type { KpiwBridge } from '../../shared/bridge';
import { createEngineClient, type EngineClient } from './client';
import { createElectronChannel } from './electron';
import { createWebSocketChannel } from './websocket';

export { EngineError, type EngineClient } from './client';
export type { HostCommand, Theme } from '../../shared/bridge';

declare global {
  interface Window {
    kpiw?: KpiwBridge;
  }
}

let engine: EngineClient | null = null;

export function getEngine(): EngineClient {
  if (!engine) {
    if (window.kpiw) {
      engine = createEngineClient(createElectronChannel(window.kpiw));
    } else {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      engine = createEngineClient(createWebSocketChannel(`${scheme}//${location.host}/ws`));
    }
  }
  return engine;
}

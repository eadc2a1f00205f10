// Window size and position, remembered between runs in userData/window-state.json. Plain module
// (no Electron import) so it is unit-tested; index.ts passes the displays' work areas.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/host/files';

export interface Rect { x: number; y: number; width: number; height: number }

export interface WindowState {
  /** Absent: let the OS place the window (first run, or its display is gone). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
export const MIN_WINDOW_SIZE = { width: 960, height: 600 };

const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

/** A stored state, or the default when the file is missing, corrupt or from another version. */
export function parseWindowState(json: unknown): WindowState {
  const r = windowStateSchema.safeParse(json);
  return r.success ? r.data : { ...DEFAULT_WINDOW_STATE };
}

/**
 * Makes a remembered state usable on the current displays: the size is clamped to the largest
 * work area, and the position is dropped unless a good part of the title bar is on some display
 * (a monitor was unplugged, resolution changed).
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(MIN_WINDOW_SIZE.width, Math.min(state.width, maxW));
  const height = Math.max(MIN_WINDOW_SIZE.height, Math.min(state.height, maxH));
  const out: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return out;
  // The title bar: the top 32 px of the window; at least 100 px of it must be visible.
  const bar: Rect = { x: state.x, y: state.y, width, height: 32 };
  const visible = workAreas.some((a) => overlap(bar, a).width >= Math.min(100, width) && overlap(bar, a).height >= 16);
  return visible ? { ...out, x: state.x, y: state.y } : out;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    return parseWindowState(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(state, null, 2) + '\n'));
}

/** The state to remember: normal (unmaximized) bounds plus whether the window was maximized. */
export function stateFromWindow(normalBounds: Rect, maximized: boolean): WindowState {
  return { x: normalBounds.x, y: normalBounds.y, width: normalBounds.width, height: normalBounds.height, maximized };
}

// App settings kept in userData/settings.json: recent files and the chosen theme.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import type { Theme } from '../shared/bridge';
import { writeFileAtomic } from '../engine/host/files';

export interface Settings {
  recent: string[];
  theme: Theme;
}

export const MAX_RECENT = 10;
export const DEFAULT_SETTINGS: Settings = { recent: [], theme: 'system' };

const settingsSchema = z.object({
  recent: z.array(z.string().min(1).max(4_096)).max(100).catch([]),
  theme: z.enum(['light', 'dark', 'system']).catch('system'),
});

export function parseSettings(json: unknown): Settings {
  const r = settingsSchema.safeParse(json);
  return r.success ? { recent: r.data.recent.slice(0, MAX_RECENT), theme: r.data.theme } : { ...DEFAULT_SETTINGS, recent: [] };
}

/** Most recent first, no duplicates, at most MAX_RECENT. */
export function addRecent(recent: readonly string[], paths: readonly string[]): string[] {
  const fresh = [...new Set([...paths].reverse())];
  return [...fresh, ...recent.filter((p) => !paths.includes(p))].slice(0, MAX_RECENT);
}

export async function loadSettings(file: string): Promise<Settings> {
  try {
    return parseSettings(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    return { ...DEFAULT_SETTINGS, recent: [] };
  }
}

export async function saveSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(settings, null, 2) + '\n'));
}

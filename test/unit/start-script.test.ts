// `npm start` where the Electron runtime is absent: one clear line and a non-zero exit, no stack trace.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const runtimePresent = (() => {
  try { accessSync(createRequire(import.meta.url)('electron') as string, constants.X_OK); return true; } catch { return false; }
})();
if (runtimePresent) console.warn('start-script: SKIPPED: the Electron runtime is installed here, so npm start would open the app');

describe.skipIf(runtimePresent)('npm start without the Electron runtime', () => {
  it('prints one line naming what is missing and the alternative, and exits 1', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron runtime is not installed.*npm run serve/);
  });
});

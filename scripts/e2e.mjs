// `npm run test:e2e`: the Playwright end-to-end tests (web host + Chromium), then the Electron
// smoke test, which runs only where the Electron runtime is installed. Exits non-zero when any fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

const playwrightCli = path.join(root, 'node_modules/@playwright/test/cli.js');
const e2e = run([playwrightCli, 'test', ...process.argv.slice(2)]);
const smoke = run([path.join(root, 'test/e2e/electron.smoke.mjs')]);

if (e2e !== 0) console.error('e2e: Playwright tests failed');
if (smoke !== 0) console.error('e2e: Electron smoke test failed');
process.exit(e2e || smoke);

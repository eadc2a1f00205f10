// Electron smoke test (Playwright's _electron): builds the desktop app, starts it, checks the
// window's security settings, opens the sample workspace and sees a KPI card. Runs only where
// the Electron runtime is installed; says so plainly and succeeds where it is not.
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const p = require('electron'); // the binary's path; throws when the runtime was not downloaded
    accessSync(p, constants.X_OK);
    return p;
  } catch {
    return null;
  }
}

const executablePath = electronBinary();
if (!executablePath) {
  console.log('Electron smoke test skipped: Electron runtime not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)');
  process.exit(0);
}

const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Electron smoke test: electron-vite build failed');
  process.exit(1);
}

const { _electron: electron } = await import('playwright-core');
const args = [root];
// No display (CI): Chromium's headless platform.
if (process.platform === 'linux' && !process.env.DISPLAY) args.unshift('--ozone-platform=headless');
if (process.getuid?.() === 0) args.unshift('--no-sandbox');

const shots = path.join(root, 'test/e2e/screenshots');
mkdirSync(shots, { recursive: true });
const app = await electron.launch({ executablePath, args, timeout: 60_000 });
let failed = false;
try {
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const checks = await page.evaluate(() => ({
    bridge: typeof window.kpiw === 'object' && typeof window.kpiw.call === 'function',
    noNode: typeof globalThis.require === 'undefined' && typeof globalThis.process === 'undefined',
    origin: location.origin,
  }));
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const w = BrowserWindow.getAllWindows()[0];
    const p = w.webContents.getLastWebPreferences();
    return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
  });
  const problems = [];
  if (!checks.bridge) problems.push('window.kpiw is missing');
  if (!checks.noNode) problems.push('Node globals are visible in the renderer');
  if (checks.origin !== 'app://kpiw') problems.push(`page origin is ${checks.origin}`);
  if (!(prefs.contextIsolation && prefs.sandbox && !prefs.nodeIntegration && prefs.webSecurity)) problems.push(`web preferences: ${JSON.stringify(prefs)}`);
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  if (!opened) problems.push('window.open was not blocked');

  await page.getByTestId('try-sample').click();
  await page.getByTestId('kpi-card-mrr').getByTestId('kpi-value').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, 'electron-sample.png') });
  if (problems.length) {
    failed = true;
    console.error('Electron smoke test failed:\n  ' + problems.join('\n  '));
  } else {
    console.log('Electron smoke test passed: sandboxed window, bridge only, sample workspace shows KPIs');
  }
} catch (err) {
  failed = true;
  console.error('Electron smoke test failed:', err);
} finally {
  await app.close();
}
process.exit(failed ? 1 : 0);

// `npm start`: the desktop app (electron-vite dev). Where the Electron runtime was not downloaded
// (ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to its download host) it says so in one line and
// points to the browser host instead of failing with a stack trace.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronRuntime() {
  try {
    const binary = require('electron'); // the binary's path; throws when the runtime is absent
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

if (!electronRuntime()) {
  console.error('kpiw: the Electron runtime is not installed (it is downloaded by `npm install` where its host is reachable); run `npm run serve` to use the same app in a browser.');
  process.exit(1);
}

const child = spawn(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

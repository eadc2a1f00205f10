// Builds and starts the web host exactly as `npm run serve -- --port 0` does, on a free port; the
// tests read its URL from KPIW_BASE_URL. Returns the teardown that stops it. Each run builds into
// its own directory, so another run or a `npm run serve` rebuilding meanwhile cannot pull files
// from under the page.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const outDir = `out/e2e-${process.pid}`;
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '--port', '0'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KPIW_OUT_DIR: outDir },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start within 5 minutes:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => { output += c.toString(); process.stderr.write(c); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code} before it was ready:\n${output}`));
    });
  });
  process.env.KPIW_BASE_URL = url;
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(path.join(root, outDir), { recursive: true, force: true });
  };
}

// Builds (if needed) and starts the web host exactly as `npm run serve -- --port 0` does, on a
// free port; the tests read its URL from KPIW_BASE_URL. Returns the teardown that stops it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '--port', '0'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KPIW_OUT_DIR: 'out/e2e' },
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
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
}

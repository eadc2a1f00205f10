// `npm run serve` stopped by a signal to npm (as a terminal, a process manager or CI sends it):
// npm does not pass SIGTERM on, so the server must notice and free its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves true once something listens on the port again is impossible: i.e. we can bind it. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no "${pattern}" within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) { clearTimeout(timer); resolve(); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

describe('npm run serve and signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm frees the port within seconds', async (signal) => {
    const port = await freePort();
    const npm = spawn('npm', ['run', 'serve', '--', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForOutput(npm, /is running at http:\/\/127\.0\.0\.1:\d+/, 170_000);
      expect(await canBind(port)).toBe(false);
      npm.kill(signal);
      let free = false;
      for (let i = 0; i < 40 && !free; i++) {
        await new Promise((r) => setTimeout(r, 250));
        free = await canBind(port);
      }
      expect(free).toBe(true);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 200_000);
});

// `npm run serve` entry (bundled to out/web/main.mjs by scripts/serve.mjs):
//   node out/web/main.mjs [--port N]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server';
import { parsePort } from './args';

async function main(): Promise<void> {
  // <out>/web/main.mjs: the renderer is built next to it in <out>/renderer; the project (with
  // resources/sample) is the nearest directory above holding a package.json.
  const here = path.dirname(fileURLToPath(import.meta.url));
  let root = here;
  while (!existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const server = await startServer({
    port: parsePort(process.argv.slice(2)),
    rendererDir: path.join(here, '..', 'renderer'),
    sampleDir: path.join(root, 'resources', 'sample'),
    log: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(`KPI Workbench is running at ${server.url}  (Ctrl+C to stop)\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Open connections may hold close() up; the port must be free promptly all the same.
    setTimeout(() => process.exit(0), 3_000).unref();
    void server.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  // `npm run serve` does not pass SIGTERM on to its child: when npm (and the shell it started) is
  // gone, this process is re-parented, and it stops instead of holding the port forever.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) stop(); }, 500).unref();
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  process.stderr.write(`kpiw serve: ${code === 'EADDRINUSE' ? 'that port is already in use; choose another with --port N' : err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// Compiles the CLI (and the engine worker it starts) to plain ESM so `npx kpiw` starts fast
// without transpiling on every run. Runs on postinstall and before tests/benchmarks.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  'cli': 'src/cli/main.ts',
  'engine-worker': 'src/engine/host/worker.ts',
};
const entryPoints = Object.fromEntries(
  Object.entries(entries).filter(([, p]) => existsSync(path.join(root, p))).map(([k, p]) => [k, path.join(root, p)]),
);
if (Object.keys(entryPoints).length === 0) {
  console.log('build-cli: no CLI sources yet');
} else {
  await build({
    entryPoints,
    outdir: path.join(root, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // Commands are split into chunks loaded on demand (fast start for `kpiw help`).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __kpiwCreateRequire } from 'module'; const require = __kpiwCreateRequire(import.meta.url);" },
  });
}

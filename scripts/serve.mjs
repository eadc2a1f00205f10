// `npm run serve [-- --port N]`: builds what is missing or stale (the renderer with Vite into
// out/renderer, the web host with esbuild into out/web), then runs the web host.
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Where builds go (relative to the project): `out` by default; the end-to-end tests build into
// their own directory so a concurrent `npm run serve` cannot replace files under a running test.
const outDir = process.env.KPIW_OUT_DIR ?? 'out';

/** Newest modification time under the given paths (files or directories). */
function newest(paths) {
  let t = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else t = Math.max(t, s.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return t;
}

function stale(output, inputs) {
  const out = path.join(root, output);
  return !existsSync(out) || statSync(out).mtimeMs < newest(inputs);
}

export async function buildRenderer({ force = false } = {}) {
  const inputs = ['src/renderer', 'src/shared', 'vite.renderer.config.ts', 'package-lock.json'];
  if (!force && !stale(`${outDir}/renderer/index.html`, inputs)) return;
  if (!existsSync(path.join(root, 'src/renderer/index.html'))) {
    throw new Error('src/renderer/index.html is missing: the renderer has not been written yet');
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.renderer.config.ts'), logLevel: 'warn', build: { outDir: path.join(root, outDir, 'renderer') } });
}

export async function buildServer({ force = false } = {}) {
  const inputs = ['src/web', 'src/engine', 'src/shared', 'package-lock.json'];
  if (!force && !stale(`${outDir}/web/main.mjs`, inputs) && !stale(`${outDir}/web/server.mjs`, inputs)) return;
  await esbuild({
    entryPoints: { main: path.join(root, 'src/web/main.ts'), server: path.join(root, 'src/web/server.ts') },
    outdir: path.join(root, outDir, 'web'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __kpiwCreateRequire } from 'module'; const require = __kpiwCreateRequire(import.meta.url);" },
  });
}

/** The engine's worker script (dist/engine-worker.js), built with the CLI. */
export async function buildEngineWorker({ force = false } = {}) {
  const inputs = ['src/engine', 'src/shared', 'scripts/build-cli.mjs', 'package-lock.json'];
  if (!force && !stale('dist/engine-worker.js', inputs)) return;
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the engine worker (scripts/build-cli.mjs) failed');
}

export async function buildAll(options) {
  await buildEngineWorker(options);
  await buildServer(options);
  await buildRenderer(options);
}

// Run as a script (not when imported by the Playwright global setup).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildAll({ force: process.argv.includes('--rebuild') });
  } catch (err) {
    console.error(`kpiw serve: build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  await import(pathToFileURL(path.join(root, outDir, 'web/main.mjs')).href);
}

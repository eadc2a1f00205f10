#!/usr/bin/env node
// Entry of `npx kpiw`: runs the precompiled CLI (built on install by scripts/build-cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('kpiw: dist/cli.js is missing; run `npm install` (or `npm run build:cli`) first\n');
  process.exit(1);
}
await import(cli);

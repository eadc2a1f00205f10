import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { writeFileAtomic } from '../../src/engine/host/files';

describe('atomic save', () => {
  it('replaces the file in one step', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-atomic-'));
    const target = path.join(dir, 'ws.kpiw');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, new TextEncoder().encode('new'));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['ws.kpiw']);
  });

  it('a save killed midway leaves the previous file intact', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-kill-'));
    const target = path.join(dir, 'ws.kpiw');
    const previous = 'previous workspace contents';
    writeFileSync(target, previous);
    // A child process that saves slowly, chunk by chunk, and tells us when it is halfway.
    const script = path.join(dir, 'slow-save.mjs');
    await build({
      stdin: {
        contents: `
          import { writeFileAtomic } from ${JSON.stringify(path.resolve('src/engine/host/files.ts'))};
          async function* chunks() {
            for (let i = 0; i < 1000; i++) {
              yield new Uint8Array(64 * 1024).fill(65);
              if (i === 10) process.stdout.write('halfway\\n');
              await new Promise((r) => setTimeout(r, 5));
            }
          }
          await writeFileAtomic(process.argv[2], chunks());
        `,
        resolveDir: process.cwd(), loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent',
    });
    const child = spawn(process.execPath, [script, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('halfway')) resolve(); }));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(readFileSync(target, 'utf8')).toBe(previous);
    // The killed save's temporary file is left behind; the next save of the file removes it.
    const leftovers = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(new RegExp(`^\\.ws\\.kpiw\\.${child.pid}\\.\\d+\\.tmp$`));
    writeFileSync(path.join(dir, `.other.kpiw.${child.pid}.1.tmp`), 'not ours to remove');
    await writeFileAtomic(target, new TextEncoder().encode('next'));
    expect(readdirSync(dir).sort()).toEqual(['.other.kpiw.' + child.pid + '.1.tmp', 'slow-save.mjs', 'ws.kpiw']);
    expect(readFileSync(target, 'utf8')).toBe('next');
  });
});

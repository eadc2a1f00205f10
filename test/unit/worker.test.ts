// The engine behind a real worker thread: the worker script is bundled the way
// scripts/build-cli.mjs bundles it (into a private directory, so parallel test files never race).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createWorkerEngine, findWorkerScript, type WorkerEngine } from '../../src/engine/host/workerClient';
import { ImportError } from '../../src/engine/import/types';
import JSZip from 'jszip';
import type { ImportProgress } from '../../src/shared/types';

const root = path.resolve(__dirname, '..', '..');
let outdir: string;
let engine: WorkerEngine;

beforeAll(async () => {
  // Inside the checkout so the bundle's external packages resolve from node_modules.
  outdir = mkdtempSync(path.join(root, 'dist', '.test-worker-'));
  await build({
    entryPoints: { 'engine-worker': path.join(root, 'src/engine/host/worker.ts') },
    outdir, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error',
    banner: { js: "import { createRequire as __kpiwCreateRequire } from 'module'; const require = __kpiwCreateRequire(import.meta.url);" },
  });
  engine = await createWorkerEngine({ workerPath: path.join(outdir, 'engine-worker.js') });
});

afterAll(async () => {
  await engine?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const csv = (rows: number) => {
  const lines = ['id,amount'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${(i % 100) / 4}`);
  return new TextEncoder().encode(lines.join('\n'));
};

describe('engine in a worker thread', () => {
  it('imports a file with progress forwarded, then lists and pages it', async () => {
    const events: ImportProgress[] = [];
    const result = await engine.openFile({ source: 'worker.csv', bytes: csv(5000) }, (p) => events.push(p));
    expect(result.failures).toEqual([]);
    expect(result.tables[0]).toMatchObject({ name: 'worker', rowCount: 5000 });
    expect(events.at(-1)).toMatchObject({ phase: 'done', fraction: 1, source: 'worker.csv' });
    expect((await engine.listTables()).map((t) => t.name)).toEqual(['worker']);
    const page = await engine.getRows({ table: 'worker', offset: 10, limit: 2, sort: [{ column: 'amount', direction: 'desc' }] });
    expect(page.columns).toEqual(['__row', 'id', 'amount']);
    // amount = (id % 100) / 4; the largest is 24.75 at ids 99, 199, … (source row = id + 1); the 11th and 12th.
    expect(page.rows).toEqual([[1100, 1099, 24.75], [1200, 1199, 24.75]]);
    expect(page.total).toBe(5000);
  });

  it('reports failures of bad files as results, and errors as rejected promises', async () => {
    const result = await engine.openFile({ source: 'empty.csv', bytes: new Uint8Array(0) });
    expect(result.failures).toEqual([expect.objectContaining({ source: 'empty.csv', code: 'empty_file' })]);
    await expect(engine.removeTable('no_such_table')).rejects.toThrow(/no imported table named "no_such_table"/);
  });

  it('cancels an import through its AbortSignal', async () => {
    const controller = new AbortController();
    const run = engine.openFile({ source: 'big.csv', bytes: csv(200_000) }, (p) => {
      if (p.phase === 'profiling') controller.abort();
    }, controller.signal);
    const error = await run.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect((await engine.listTables()).map((t) => t.name)).toEqual(['worker']);
  });

  it('a worker that dies under an import fails that call naming the file; the next call gets a fresh worker', async () => {
    // A stand-in worker (the real one cannot be made to die on demand): it speaks the protocol,
    // dies on openFile as an out-of-memory worker would, and answers listTables.
    const crashing = path.join(outdir, 'crashing-worker.mjs');
    writeFileSync(crashing, `import { parentPort } from 'node:worker_threads';
      parentPort.postMessage({ type: 'ready' });
      parentPort.on('message', (m) => {
        if (m.type !== 'call') return;
        if (m.method === 'openFile') process.exit(7);
        parentPort.postMessage({ type: 'result', id: m.id, result: [] });
      });`);
    const fragile = await createWorkerEngine({ workerPath: crashing, maxHeapMb: 256 });
    try {
      const error = await fragile.openFile({ source: 'huge.csv', bytes: csv(10) }).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'engine_crashed', message: expect.stringMatching(/^huge\.csv: importing it: the engine stopped unexpectedly \(exit code 7\); it has restarted empty/) });
      expect(await fragile.listTables()).toEqual([]);
    } finally {
      await fragile.close();
    }
  });

  it('the far-column and whole-sheet-merge probe workbooks end in messages naming them; the engine keeps serving', async () => {
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const workbook = async (sheetData: string, extra = '') => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
      zip.file('xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`);
      zip.file('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
      zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${sheetData}</sheetData>${extra}</worksheet>`);
      return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    };
    const far = await workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>');
    const merged = await workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>v</t></is></c></row>',
      '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');
    expect(far.length).toBeLessThan(4_000);
    const farResult = await engine.openFile({ source: 'far.xlsx', bytes: far });
    expect(farResult.tables).toEqual([]);
    expect(farResult.failures.map((f) => f.message).join('\n')).toMatch(/^far\.xlsx, sheet "S": .*XFD1048576/);
    // The whole-sheet merge is profiled by its bounds and the sheet reads (its one data row).
    const mergedResult = await engine.openFile({ source: 'merge.xlsx', bytes: merged });
    expect(mergedResult.tables.map((t) => t.rowCount)).toEqual([1]);
    // Still serving: a small file imports and lists.
    expect((await engine.openFile({ source: 'after.csv', bytes: csv(10) })).tables[0]!.rowCount).toBe(10);
  }, 60_000);

  it('rejects calls after close', async () => {
    const second = await createWorkerEngine({ workerPath: path.join(outdir, 'engine-worker.js') });
    await second.close();
    await expect(second.listTables()).rejects.toThrow(/closed/);
  });

  // `npm test` runs `npm run build:cli` first, which writes dist/engine-worker.js.
  it.skipIf(!existsSync(path.join(root, 'dist', 'engine-worker.js')))('finds the built worker in the checkout\'s dist/ by default', async () => {
    expect(findWorkerScript()).toBe(path.join(root, 'dist', 'engine-worker.js'));
    const byDefault = await createWorkerEngine();
    try {
      expect(Array.isArray(await byDefault.listTables())).toBe(true);
    } finally {
      await byDefault.close();
    }
  });
});

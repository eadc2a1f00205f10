// `kpiw inspect` through the built CLI in a child process (bundled as scripts/build-cli.mjs does,
// into a private directory so parallel test files never race on dist/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS_DIR, hasDatasets } from '../realDatasets';

const root = path.resolve(__dirname, '..', '..');
let outdir: string;
let work: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(root, 'dist', '.test-cli-'));
  await build({
    entryPoints: { cli: path.join(root, 'src/cli/main.ts') },
    outdir, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error',
    banner: { js: "import { createRequire as __kpiwCreateRequire } from 'module'; const require = __kpiwCreateRequire(import.meta.url);" },
  });
  work = mkdtempSync(path.join(os.tmpdir(), 'kpiw-inspect-'));
  // 30 orders; row 4 has an invalid amount (one odd cell in 30 keeps the column decimal).
  const orders = Array.from({ length: 30 }, (_, i) => `${i + 1};${['علی', 'Bob', 'Dana'][i % 3]};${i === 2 ? 'abc' : (i * 1.25).toFixed(2)}`);
  writeFileSync(path.join(work, 'orders.csv'), ['id;customer;amount', ...orders].join('\n') + '\n');
  writeFileSync(path.join(work, 'empty.csv'), '');
  writeFileSync(path.join(work, 'header-only.csv'), 'a,b\n');
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

function kpiw(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(outdir, 'cli.js'), ...args], { cwd: work, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const TABLE_KEYS = ['columns', 'delimiter', 'encoding', 'issues', 'name', 'rowCount', 'sheet', 'source'];
const COLUMN_KEYS = ['calendar', 'examples', 'invalid', 'name', 'nonEmpty', 'type'];
const ISSUE_KEYS = ['column', 'message', 'rows', 'severity'];

describe('kpiw inspect', () => {
  it('prints exactly the documented JSON, with failures as table entries holding an error issue', async () => {
    const { code, stdout } = await kpiw(['inspect', 'orders.csv', 'empty.csv', 'header-only.csv', 'missing.csv', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['tables']);
    for (const t of out.tables) {
      expect(Object.keys(t).sort()).toEqual(TABLE_KEYS);
      for (const c of t.columns) expect(Object.keys(c).sort()).toEqual(COLUMN_KEYS);
      for (const i of t.issues) expect(Object.keys(i).sort()).toEqual(ISSUE_KEYS);
    }
    const [orders, empty, headerOnly, missing] = out.tables;
    expect(orders).toMatchObject({ source: 'orders.csv', sheet: null, name: 'orders', rowCount: 30, encoding: 'utf-8', delimiter: ';' });
    expect(orders.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([['id', 'integer'], ['customer', 'text'], ['amount', 'decimal']]);
    expect(orders.columns[2]).toMatchObject({ nonEmpty: 30, invalid: 1, calendar: null });
    expect(orders.issues).toContainEqual({ severity: 'warning', message: expect.stringContaining('amount'), column: 'amount', rows: [4] });
    expect(empty).toMatchObject({ source: 'empty.csv', name: null, rowCount: 0, columns: [] });
    expect(empty.issues).toEqual([{ severity: 'error', message: expect.stringContaining('empty.csv'), column: null, rows: [] }]);
    expect(headerOnly).toMatchObject({ name: 'header_only', rowCount: 0 });
    expect(headerOnly.issues).toContainEqual(expect.objectContaining({ severity: 'warning', column: null }));
    expect(missing.issues[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('missing.csv') });
  });

  it('prints a readable aligned summary without --json', async () => {
    const { code, stdout } = await kpiw(['inspect', 'orders.csv']);
    expect(code).toBe(0);
    expect(stdout).toContain('orders.csv → table orders');
    expect(stdout).toContain('30 rows · encoding utf-8 · delimiter ";"');
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.trim().startsWith('column'))!;
    const amount = lines.find((l) => l.trim().startsWith('amount'))!;
    // Aligned: the type column starts at the same offset on every line.
    expect(amount.indexOf('decimal')).toBe(header.indexOf('type'));
    expect(stdout).toMatch(/warning\s+1 cell\(s\) in column "amount"/);
  });

  it.runIf(hasDatasets('inspect-cli', 'telco-customer-churn.csv', 'online-retail-40k.xlsx', 'cdnow-sample.txt'))('reads every file of the shared datasets with the right types (and refuses the README)', async () => {
    const dir = DATASETS_DIR;
    const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
    const { code, stdout } = await kpiw(['inspect', ...files, '--json']);
    expect(code).toBe(0);
    const tables = JSON.parse(stdout).tables as Array<{ source: string; name: string | null; rowCount: number; columns: Array<{ name: string; type: string }>; issues: Array<{ severity: string }> }>;
    const byFile = Object.fromEntries(tables.map((t) => [path.basename(t.source), t]));
    const typeOf = (file: string, column: string) => byFile[file].columns.find((c) => c.name === column)?.type;
    expect(byFile['README.md']).toMatchObject({ name: null, rowCount: 0, issues: [{ severity: 'error' }] });
    expect(byFile['telco-customer-churn.csv'].rowCount).toBe(7043);
    expect(typeOf('telco-customer-churn.csv', 'TotalCharges')).toBe('decimal');
    expect(typeOf('telco-customer-churn.csv', 'Churn')).toBe('boolean');
    expect(byFile['cdnow-sample.txt'].rowCount).toBe(6919);
    expect(typeOf('cdnow-sample.txt', 'Column 3')).toBe('date');
    expect(byFile['online-retail-40k.xlsx'].rowCount).toBe(40000);
    expect(typeOf('online-retail-40k.xlsx', 'InvoiceDate')).toBe('datetime');
  });

  it('exits 1 only when no file could be read at all, and 2 on usage errors', async () => {
    expect((await kpiw(['inspect', 'empty.csv', 'missing.csv', '--json'])).code).toBe(1);
    expect((await kpiw(['inspect'])).code).toBe(2);
    expect((await kpiw(['inspect', '--bogus', 'orders.csv'])).code).toBe(2);
  });
});

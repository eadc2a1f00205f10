// Workspace round trip, report workbook and CSV export against a real engine on generated exports.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Engine } from '../../src/engine/api';
import { generateExports, type GeneratedExport } from '../fixtures/generate';
import type { AnalysisResult, MappingFile } from '../../src/shared/types';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import { WORKSPACE_VERSION } from '../../src/engine/workspace/format';
import fa from '../../src/shared/i18n/fa.json';
import en from '../../src/shared/i18n/en.json';
import zhHans from '../../src/shared/i18n/zh-Hans.json';
import { latinDigits } from '../../src/shared/digits';

let files: GeneratedExport[];

/** ExcelJS's reader drops a formula's cached result when it is 0 (the file holds <v>0</v>). */
const cachedResult = (v: { result?: unknown }): number => (v.result === undefined ? 0 : excelNumber(v.result));
/** ExcelJS reads cells with a time format ([h]:mm:ss) back as Dates; Excel stores days since 1899-12-30. */
const excelNumber = (v: unknown): number => (v instanceof Date ? v.getTime() / 86_400_000 + 25_569 : (v as number));
let dir: string;

async function engineWith(exports: GeneratedExport[]): Promise<Engine> {
  const engine = await Engine.create();
  for (const e of exports) {
    const bytes = new Uint8Array(readFileSync(e.file));
    await engine.openFile({ source: e.file, bytes });
  }
  const mapping: MappingFile = { version: 1, tables: exports.map((e) => e.mapping), params: { gross_margin: 0.8 } };
  await engine.setMapping(mapping);
  return engine;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kpiw-ws-'));
  files = await generateExports(dir, { seed: 7, rows: 120 });
});

describe('workspace round trip', () => {
  it('reloads identical rows, mapping and metrics with the source files gone', async () => {
    const engine = await engineWith(files);
    const before = await engine.computeMetrics({ period: 'month' });
    const tablesBefore = await engine.listTables();
    const rowsBefore = await Promise.all(tablesBefore.map((t) => engine.getRows({ table: t.name, offset: 0, limit: 1_000_000 })));
    const saved = await engine.saveWorkspace({ selectedTable: tablesBefore[0]!.name });

    // A new engine (a new process, as far as the engine knows): no source file is read.
    const reopened = await Engine.create();
    const contents = await reopened.loadWorkspace(saved);
    expect(contents.uiState).toEqual({ selectedTable: tablesBefore[0]!.name });
    expect(contents.mapping).toEqual(await engine.getMapping());
    expect(contents.sources.map((s) => path.basename(s.path)).sort()).toEqual(files.map((f) => path.basename(f.file)).sort());
    for (const s of contents.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(contents.tables).toEqual(tablesBefore);
    const rowsAfter = await Promise.all(tablesBefore.map((t) => reopened.getRows({ table: t.name, offset: 0, limit: 1_000_000 })));
    expect(rowsAfter).toEqual(rowsBefore);
    const after = await reopened.computeMetrics({ period: 'month' });
    expect(after.metrics.map((m) => [m.id, m.status, m.value, m.series])).toEqual(before.metrics.map((m) => [m.id, m.status, m.value, m.series]));
  });

  it('migrates a version-1 workspace (params kept beside the mapping)', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const saved = await engine.saveWorkspace();
    // Rewrite the header as version 1 wrote it: params in their own entry, no source records.
    const db = await openDatabase(saved);
    const mapping = JSON.parse(String(queryAll(db, "SELECT value FROM __kpiw_workspace WHERE key = 'mapping'")[0]!.value));
    db.run("DELETE FROM __kpiw_workspace WHERE key IN ('sources', 'mapping', 'version', 'checksum')");
    db.run("INSERT INTO __kpiw_workspace VALUES ('version', '1'), ('mapping', ?), ('params', ?)", [
      JSON.stringify({ ...mapping, params: {} }), JSON.stringify({ gross_margin: 0.5 }),
    ]);
    const v1 = db.export();
    const reopened = await Engine.create();
    const contents = await reopened.loadWorkspace(v1);
    expect(contents.mapping.params).toEqual({ gross_margin: 0.5 });
    expect(contents.sources).toEqual([]);
    const db2 = await openDatabase(await reopened.saveWorkspace());
    expect(JSON.parse(String(queryAll(db2, "SELECT value FROM __kpiw_workspace WHERE key = 'version'")[0]!.value))).toBe(WORKSPACE_VERSION);
  });

  it('refuses files that are not workspaces, and newer formats, with clear messages', async () => {
    const engine = await Engine.create();
    await expect(engine.loadWorkspace(new TextEncoder().encode('hello'))).rejects.toThrow(/not a KPI Workbench workspace/);
    const db = await openDatabase();
    db.run("CREATE TABLE __kpiw_workspace (key TEXT PRIMARY KEY, value TEXT); INSERT INTO __kpiw_workspace VALUES ('format', '\"kpiw-workspace\"'), ('version', '99')");
    await expect(engine.loadWorkspace(db.export())).rejects.toThrow(/newer KPI Workbench/);
  });

  it('refuses hostile or damaged workspaces before running anything in them: triggers, views, unknown tables, a damaged file', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const saved = await engine.saveWorkspace();
    const table = (await engine.listTables())[0]!.name;
    const tampered = async (sql: string) => {
      const db = await openDatabase(saved);
      db.run(sql);
      return db.export();
    };
    // A trigger that would delete every row when the version-1 migration writes the header.
    const trigger = await tampered(`CREATE TRIGGER wipe AFTER INSERT ON __kpiw_workspace BEGIN DELETE FROM "${table}"; END;`);
    const fresh = await Engine.create();
    await expect(fresh.loadWorkspace(trigger)).rejects.toThrow(/contains a trigger \("wipe"\).*refused/);
    await expect(fresh.loadWorkspace(await tampered(`CREATE VIEW v AS SELECT * FROM "${table}"`))).rejects.toThrow(/contains a view/);
    await expect(fresh.loadWorkspace(await tampered('CREATE TABLE stolen (x)'))).rejects.toThrow(/table "stolen" that is neither an imported table/);
    // Bytes damaged in the middle of the file: refused by SQLite's integrity check or as unreadable.
    const damaged = new Uint8Array(saved);
    for (let i = 4096; i < Math.min(damaged.length, 4096 * 3); i += 7) damaged[i] ^= 0xa5;
    await expect(fresh.loadWorkspace(damaged)).rejects.toThrow(/damaged|not a KPI Workbench workspace/);
    // The engine still has its own (empty) state and keeps working; the good file still loads.
    expect(await fresh.listTables()).toEqual([]);
    const ok = await fresh.loadWorkspace(saved);
    expect(ok.tables.map((t) => t.name)).toEqual([table]);
  });

  it('a single changed byte anywhere is refused by the checksum; read-only opens it when the user chooses to', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const saved = await engine.saveWorkspace();
    const table = (await engine.listTables())[0]!.name;
    const firstRow = await engine.getRows({ table, offset: 0, limit: 1 });
    const cell = firstRow.rows[0]!.find((v): v is string => typeof v === 'string' && v.length >= 4)!;
    // Flip one bit in a stored cell (each place its text is kept: the table, an index, the
    // normalized copy): still a valid SQLite file, so only the checksum can tell.
    const haystack = Buffer.from(saved);
    const needle = Buffer.from(cell);
    const flipped = String.fromCharCode(cell.charCodeAt(0) ^ 1) + cell.slice(1);
    let seenFlipped = false;
    let occurrences = 0;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      occurrences++;
      const bytes = new Uint8Array(saved);
      bytes[at] ^= 0x01;
      const fresh = await Engine.create();
      await expect(fresh.loadWorkspace(bytes)).rejects.toMatchObject({ code: 'workspace_checksum', message: expect.stringMatching(/changed or damaged since it was saved.*read-only/) });
      expect(await fresh.listTables()).toEqual([]);
      const readOnly = await fresh.loadWorkspace(bytes, { readOnly: true });
      expect(readOnly.readOnly).toBe(true);
      const all = await fresh.getRows({ table, offset: 0, limit: 10_000 });
      if (all.rows.some((r) => r.includes(flipped))) seenFlipped = true;
    }
    expect(occurrences).toBeGreaterThan(0);
    expect(seenFlipped).toBe(true);
    // The untouched file verifies and is not read-only; saving again writes a fresh, valid checksum.
    const again = await Engine.create();
    expect((await again.loadWorkspace(saved)).readOnly).toBeUndefined();
    expect((await again.loadWorkspace(await again.saveWorkspace())).tables.map((t) => t.name)).toEqual([table]);
    // Every single-bit flip at sampled offsets is refused, whichever check finds it first.
    const flips = [0, 30, 100, 1000, Math.floor(saved.length / 2), saved.length - 10];
    for (const offset of flips) {
      const copy = new Uint8Array(saved);
      copy[offset] ^= 0x10;
      await expect(Engine.create().then((e) => e.loadWorkspace(copy)), `bit flip at ${offset}`).rejects.toThrow(/damaged|changed|not a KPI Workbench/);
    }
  });

  it('a damaged header is refused in words, not with a JavaScript error', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const saved = await engine.saveWorkspace();
    const tamper = async (key: string, value: unknown) => {
      const db = await openDatabase(saved);
      db.run("DELETE FROM __kpiw_workspace WHERE key = 'checksum'");
      db.run('UPDATE __kpiw_workspace SET value = ? WHERE key = ?', [JSON.stringify(value), key]);
      return db.export();
    };
    const fresh = await Engine.create();
    await expect(fresh.loadWorkspace(await tamper('mapping', { version: 1, tables: 7, params: {} }))).rejects.toThrow(/^the workspace header is damaged: .*mapping\.tables/);
    await expect(fresh.loadWorkspace(await tamper('sources', [{ path: '/etc/x', size: -1 }]))).rejects.toThrow(/^the workspace header is damaged: .*sources/);
    expect(await fresh.listTables()).toEqual([]);
  });

  it('a workspace saved before checksums (no checksum entry) still loads', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const db = await openDatabase(await engine.saveWorkspace());
    db.run("DELETE FROM __kpiw_workspace WHERE key = 'checksum'");
    const contents = await (await Engine.create()).loadWorkspace(db.export());
    expect(contents.readOnly).toBeUndefined();
    expect(contents.tables).toHaveLength(1);
  });

  it('re-imports a changed source keeping the mapping', async () => {
    const engine = await engineWith(files);
    const mapping = await engine.getMapping();
    const f = files[0]!;
    const bytes = new Uint8Array(readFileSync(f.file));
    const result = await engine.reimportFile({ source: f.file, bytes });
    expect(result.tables.length).toBeGreaterThan(0);
    expect(await engine.getMapping()).toEqual(mapping);
    expect((await engine.listSources()).filter((s) => s.path === f.file)).toHaveLength(1);
  });
});

describe('report workbook', () => {
  let result: AnalysisResult;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const engine = await engineWith(files);
    result = await engine.computeMetrics({ period: 'month' });
    const bytes = await engine.exportReport({ options: { period: 'month' }, includeData: true });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  });

  it('has a Summary row per metric with the computed current value', () => {
    const ws = wb.getWorksheet('Summary')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['Family', 'Metric', 'Id', 'Period', 'Value', 'Previous', 'Change', 'Change %']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const byId = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => { if (n > 1 && typeof row.getCell(3).value === 'string') byId.set(String(row.getCell(3).value), row); });
    let checked = 0;
    for (const m of result.metrics) {
      const row = byId.get(m.id);
      expect(row, m.id).toBeDefined();
      if (m.unit === 'table' || m.value === null) continue;
      const raw = row!.getCell(5).value ?? null;
      const cell = raw === null ? null : excelNumber(raw);
      if (m.value === 0 && cell === null) continue;
      const expected = m.unit === 'duration' ? m.value / 86400 : m.value;
      // Time cells come back through a Date: millisecond precision.
      expect(cell).toBeCloseTo(expected, m.unit === 'duration' ? 6 : 9);
      checked++;
      const change = row!.getCell(7).value as ExcelJS.CellFormulaValue | null;
      if (change) {
        expect(change.formula).toMatch(/^E\d+-F\d+$/);
        expect(cachedResult(change)).toBeCloseTo(excelNumber(row!.getCell(5).value) - excelNumber(row!.getCell(6).value), 6);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('writes traceable formulas in the family sheets, with cached values equal to the engine values', () => {
    const ws = wb.getWorksheet('Recurring revenue')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (id: string) => header.indexOf(id) + 1;
    expect(col('net_new_mrr')).toBeGreaterThan(0);
    const net = result.metrics.find((m) => m.id === 'net_new_mrr')!;
    let formulas = 0;
    net.series.forEach((p, i) => {
      const cell = ws.getRow(i + 2).getCell(col('net_new_mrr')).value;
      if (p.value === null) return;
      if (typeof cell === 'object' && cell && 'formula' in cell) {
        formulas++;
        expect(cachedResult(cell)).toBeCloseTo(p.value, 6);
        // Recompute the formula from the referenced cells' values, as Excel would.
        const refs = String(cell.formula).match(/[A-Z]+\d+/g)!;
        const vals = refs.map((r) => Number(ws.getCell(r).value));
        expect(vals[0]! + vals[1]! + vals[2]! - vals[3]! - vals[4]!).toBeCloseTo(p.value, 6);
      }
    });
    expect(formulas).toBeGreaterThan(0);
  });

  it('includes table-valued metrics and data sheets written as values', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names.some((n) => n.startsWith('Data '))).toBe(true);
    const cohort = result.metrics.find((m) => m.id === 'cohort_retention');
    if (cohort?.table?.rows.length) expect(names).toContain(cohort.label.slice(0, 31));
    for (const w of wb.worksheets.filter((x) => x.name.startsWith('Data '))) {
      w.eachRow((row) => row.eachCell((c) => { expect(c.type).not.toBe(ExcelJS.ValueType.Formula); }));
    }
  });

  it('writes right-to-left sheets with Persian names for Persian', async () => {
    const engine = await engineWith(files.slice(0, 1));
    const bytes = await engine.exportReport({ language: 'fa' });
    const w = new ExcelJS.Workbook();
    await w.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(w.getWorksheet(fa.report.sheet.summary)!.views[0]!.rightToLeft).toBe(true);
    expect(w.getWorksheet(fa.family.revenue)!.views[0]!.rightToLeft).toBe(true);
  });

  it('writes each metric\'s formula and benchmark in the report\'s language (Latin digits, ids isolated)', async () => {
    const engine = await engineWith(files.slice(0, 1));
    for (const [language, formula] of [['fa', fa.formula], ['zh-Hans', zhHans.formula], ['en', en.formula]] as const) {
      const bytes = await engine.exportReport({ language });
      const w = new ExcelJS.Workbook();
      await w.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const formulas = new Map<string, string>();
      w.worksheets[0]!.eachRow((row) => { formulas.set(String(row.getCell(3).value), String(row.getCell(13).value ?? '')); });
      const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');
      expect(plain(formulas.get('arpa')!), language).toBe(language === 'fa' ? latinDigits(formula.arpa) : formula.arpa);
      const benchmarks = new Map<string, string>();
      w.worksheets[0]!.eachRow((row) => { benchmarks.set(String(row.getCell(3).value), String(row.getCell(11).value ?? '')); });
      const nps = language === 'fa' ? fa.benchmark.nps : language === 'en' ? en.benchmark.nps : zhHans.benchmark.nps;
      expect(benchmarks.get('nps'), language).toBe(language === 'fa' ? latinDigits(nps) : nps);
      if (language === 'fa') expect(formulas.get('mrr')).toContain('\u2068start_date\u2069');
      else expect(formulas.get('mrr')).not.toMatch(/[\u2068\u2069]/);
    }
  });
});

describe('injection in exports', () => {
  it('neutralises formula-like text in CSV and keeps it as plain values in XLSX data sheets', async () => {
    const engine = await Engine.create();
    const hostile = 'customer_id,plan,mrr,start_date\n=cmd|"/c calc"!A1,+plan,10,2024-01-01\n@x,-y,20,2024-01-02\n';
    await engine.openFile({ source: path.join(dir, 'hostile.csv'), bytes: new TextEncoder().encode(hostile) });
    const [table] = await engine.listTables();
    const csv = new TextDecoder().decode(await engine.exportCsv({ table: table!.name }));
    expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(csv).toContain("'+plan");
    expect(csv).toContain("'@x");
    expect(csv).toContain("'-y");
    const bytes = await engine.exportReport({ includeData: true });
    const w = new ExcelJS.Workbook();
    await w.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const data = w.worksheets.find((x) => x.name.startsWith('Data '))!;
    const cells: ExcelJS.Cell[] = [];
    data.eachRow((row) => row.eachCell((c) => cells.push(c)));
    const hostileCell = cells.find((c) => String(c.value).startsWith('=cmd'))!;
    expect(hostileCell.type).toBe(ExcelJS.ValueType.String);
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
  });
});

describe('engine exclusivity', () => {
  it('a save requested during an import waits for it and contains the imported table', async () => {
    const engine = await Engine.create();
    const f = files.find((x) => x.file.endsWith('.csv'))!;
    const importing = engine.openFile({ source: f.file, bytes: new Uint8Array(readFileSync(f.file)) });
    const saving = engine.saveWorkspace();
    const [result, saved] = await Promise.all([importing, saving]);
    expect(result.tables).toHaveLength(1);
    const reopened = await Engine.create();
    const contents = await reopened.loadWorkspace(saved);
    expect(contents.tables.map((t) => t.rowCount)).toEqual([result.tables[0]!.rowCount]);
  });
});

describe('removing a table', () => {
  it('drops its mapping entry and its source record, and keeps the others', async () => {
    const engine = await engineWith(files.slice(0, 2));
    const [first, second] = await engine.listTables();
    const before = await engine.getMapping();
    expect(before.tables).toHaveLength(2);
    await engine.removeTable(first!.name);
    const after = await engine.getMapping();
    expect(after.tables).toEqual(before.tables.filter((t) => path.basename(first!.source) !== t.source));
    expect((await engine.listSources()).flatMap((s) => s.tables)).toEqual([second!.name]);
  });
});

// Files, workspaces and parameters the engine refuses come with a message (key + values), so each
// host words them in the reader's language: every hostile input below is refused with a text whose
// English is the error's message and whose Persian, Thai and Chinese use only those languages' own
// resources — no English sentence left, the file's name and the technical values isolated.
import { crc32 } from 'node:zlib';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { parseMappingFile } from '../../src/engine/mapping/mappingFile';
import { MessageError } from '../../src/engine/messageError';
import { serializeError } from '../../src/engine/host/protocol';
import { importFile } from '../../src/engine/import/pipeline';
import { openDatabase } from '../../src/engine/store/database';
import { resourceText, type UiLanguage } from '../../src/shared/i18n';
import { messageKeys, messageText, placeholdersOf } from '../../src/shared/i18n/messages';
import { errorText, toRpcError } from '../../src/shared/rpc';
import type { ImportFailure, TextMessage } from '../../src/shared/types';
import { buildCli, kpiw } from '../fixtures/cli';

const OTHER_LANGUAGES: UiLanguage[] = ['fa', 'th', 'zh-Hant', 'zh-Hans'];
const utf8 = (s: string) => new TextEncoder().encode(s);
/** Text without the bidi isolates around values. */
const unisolated = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

/** Product, format and Excel menu names a translated text may keep in Latin letters. */
const KEPT_NAMES = new Set(['CSV', 'TSV', 'TXT', 'Excel', 'xlsx', 'xls', 'zip', 'OLE2', 'Office', 'SQL', 'SQLite', 'PDF', 'PNG',
  'JPEG', 'GIF', 'gzip', 'RAR', 'Zip', 'KPI', 'Workbench', 'File', 'Info', 'Protect', 'Workbook', 'Encrypt', 'with', 'Password',
  'XFD1048576', 'checksum', 'sBG', 'CLV', 'true', 'false', 'red', 'green', 'bad', 'good', 'YYYY', 'MM', 'DD', 'JSON',
  // Mapping-file keys and request fields named as written, and ids.
  'MRR', 'params', 'from', 'ID']);

/** A message's resource string; for a plural message (a count `n`), its _other form, which names every value. */
const resourceOf = (language: UiLanguage, key: string): string | undefined => resourceText(language, key) ?? resourceText(language, `${key}_other`);

/** The text without its values (what messageText isolates or what a value fills in), so only the resource's words are left. */
function wordsOf(message: TextMessage, language: UiLanguage): string {
  const strip = (m: TextMessage): string => {
    let text = resourceOf(language, m.key) ?? '';
    for (const [name, value] of Object.entries(m.values ?? {})) {
      text = text.replaceAll(`{{${name}}}`, typeof value === 'object' && 'key' in value ? strip(value) : ' ');
    }
    return text;
  };
  return strip(message);
}

/** Checks a refusal's message: English equals `english`; each other language is complete, its own, and names what it must. */
function expectWordedEverywhere(text: TextMessage | undefined, english: string, mustName: string[] = []): void {
  expect(text, english).toBeDefined();
  expect(messageText(text!, 'en')).toBe(english);
  for (const language of OTHER_LANGUAGES) {
    for (const [key, names] of messageKeys(text!)) {
      const resource = resourceOf(language, key);
      expect(resource, `${language}: ${key}`).toBeTruthy();
      expect(new Set(placeholdersOf(resource!)), `${language}: ${key}`).toEqual(names);
    }
    const shown = messageText(text!, language);
    expect(shown).not.toContain('{{');
    expect(shown).not.toBe(english);
    for (const name of mustName) expect(shown, language).toContain(name);
    const latinWords = wordsOf(text!, language).match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
    expect(latinWords.filter((w) => !KEPT_NAMES.has(w) && !/^(nps|xl|workbook|xml)$/.test(w)), `${language}: ${shown}`).toEqual([]);
  }
}

/** A zip archive of stored (uncompressed) entries; `flags` per entry (bit 0: encrypted). */
function storedZip(entries: Array<{ name: string; data: Uint8Array; flags?: number }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = utf8(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(6, e.flags ?? 0, true);
    local.setUint32(14, crc32(e.data), true); local.setUint32(18, e.data.length, true); local.setUint32(22, e.data.length, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true); dir.setUint16(4, 20, true); dir.setUint16(6, 20, true); dir.setUint16(8, e.flags ?? 0, true);
    dir.setUint32(16, crc32(e.data), true); dir.setUint32(20, e.data.length, true); dir.setUint32(24, e.data.length, true);
    dir.setUint16(28, name.length, true); dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const size = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true); end.setUint16(8, entries.length, true); end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true); end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) { out.set(p, at); at += p.length; }
  return out;
}

async function failureOf(source: string, bytes: Uint8Array, options?: { sheets?: string[] }): Promise<ImportFailure> {
  const db = await openDatabase();
  const result = await importFile(db, { source, bytes, options });
  expect(result.tables).toEqual([]);
  expect(result.failures).toHaveLength(1);
  return result.failures[0]!;
}

async function workbookWithSheet(name: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(name).addRow(['a']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('refused files: a message in every language', () => {
  const ole2 = new Uint8Array(2048);
  ole2.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const cases: Array<[string, () => Promise<Uint8Array>, string, RegExp]> = [
    ['empty.csv', async () => new Uint8Array(0), 'empty_file', /the file is empty/],
    ['blank.csv', async () => utf8('\n \n'), 'empty_file', /no text/],
    ['junk.csv', async () => new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256), 'binary_file', /binary data/],
    ['report.pdf', async () => utf8('%PDF-1.4\n%âãÏÓ\n'), 'unknown_format', /a PDF document/],
    ['notes.md', async () => utf8('# Notes\n\na,b\n'), 'unknown_format', /\.md files are not tables/],
    ['wide.csv', async () => utf8(`${Array.from({ length: 1200 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(1199)}1\n`), 'too_many_columns', /1200 columns/],
    ['empty.xlsx', async () => Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), 'unknown_format', /empty zip archive/],
    ['cut.xlsx', async () => (await workbookWithSheet('S')).slice(0, 900), 'corrupt_zip', /truncated or corrupt \(/],
    ['plain.xlsx', async () => storedZip([{ name: 'readme.txt', data: utf8('hello') }]), 'not_xlsx', /no xl\/workbook\.xml/],
    ['locked.xlsx', async () => storedZip([{ name: 'xl/workbook.xml', data: utf8('<x/>'), flags: 1 }]), 'encrypted_zip', /is encrypted/],
    ['old.xls', async () => ole2, 'corrupt_ole2', /damaged OLE2/],
    ['sheets.xlsx', async () => workbookWithSheet('Orders'), 'sheet_not_found', /no sheet named "Refunds"; the workbook has "Orders"/],
  ];
  it.each(cases)('%s', async (source, bytes, code, english) => {
    const failure = await failureOf(source, await bytes(), source === 'sheets.xlsx' ? { sheets: ['Refunds'] } : undefined);
    expect(failure.code).toBe(code);
    expect(failure.message).toMatch(english);
    expect(failure.message.startsWith(source)).toBe(true);
    expectWordedEverywhere(failure.text, failure.message, [source]);
  });

  it('an unknown encoding is refused with its name, in every language', async () => {
    const failure = await failureOf('x.csv', utf8('a\n1\n'), { encoding: 'klingon-8' } as never);
    expect(failure.message).toBe('x.csv: unknown text encoding "klingon-8"');
    expectWordedEverywhere(failure.text, failure.message, ['x.csv', 'klingon-8']);
  });
});

describe('refused workspaces and parameters: a message that crosses to the hosts', () => {
  it('a file that is not a workspace, and one without a workspace header', async () => {
    const engine = await Engine.create();
    const notSqlite = await engine.loadWorkspace(utf8('not a database at all')).catch((e: unknown) => e);
    expect(notSqlite).toBeInstanceOf(Error);
    expectWordedEverywhere(errorText(notSqlite), (notSqlite as Error).message);
    // The text crosses the wire (RpcError) and the worker boundary (SerializedError) with the English.
    expect(toRpcError(notSqlite)).toEqual({ message: (notSqlite as Error).message, code: 'workspace_invalid', text: errorText(notSqlite) });
    expect(serializeError(notSqlite).text).toEqual(errorText(notSqlite));

    const bare = (await openDatabase()).export();
    const noHeader = await engine.loadWorkspace(bare).catch((e: unknown) => e);
    expect((noHeader as Error).message).toMatch(/no workspace header/);
    expectWordedEverywhere(errorText(noHeader), (noHeader as Error).message);
  });

  it('parameters out of their rules: each problem, and several as one message', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'nps.csv', bytes: utf8('Score,Date\n10,2024-01-05\n3,2024-01-12\n') });
    const one = await engine.computeMetrics({ params: { 'nps.promoter_min': -3 } }).catch((e: unknown) => e);
    expect((one as Error).message).toBe('nps.promoter_min = -3: must be an integer from 0 to 10');
    expectWordedEverywhere(errorText(one), (one as Error).message, ['nps.promoter_min']);
    expect(messageText(errorText(one)!, 'fa')).toContain('۱۰');

    const several = await engine.computeMetrics({ params: { 'nps.promotr_min': 8, 'health.bands': { red: 70, green: 40 }, 'customers.snapshot_date': '2024-02-30' } })
      .catch((e: unknown) => e);
    const problems = (several as Error).message.split('\n');
    expect(problems).toEqual([
      'unknown parameter "nps.promotr_min" (did you mean nps.promoter_min?)',
      'health.bands = {"red":70,"green":40}: must be { "red": r, "green": g } with 0 ≤ r < g ≤ 100 (red must be below green)',
      'customers.snapshot_date = "2024-02-30": must be empty or a date YYYY-MM-DD (not a calendar date)',
    ]);
    expectWordedEverywhere(errorText(several), `${problems[0]} (and 2 more)`);
  });
});

describe('refused CLV fits and drill-downs: worded in every language', () => {
  it('a holdout end before the calibration end, a date that is not one, a missing mapping, a period outside the range', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'tx.csv', bytes: utf8('customer,date,amount\nA,2024-01-05,10\nA,2024-02-05,12\nB,2024-01-20,8\n') });
    await engine.setMapping({ version: 1, tables: [{ source: 'tx.csv', dataset: 'transactions', fields: { customer_id: 'customer', date: 'date', amount: 'amount' } }], params: {} });
    const holdout = await engine.computeClv({ model: 'bg_nbd', calibrationEnd: '2024-02-01', holdoutEnd: '2024-01-15' }).catch((e: unknown) => e);
    expect((holdout as Error).message).toBe('the holdout end (2024-01-15) must be after the calibration end (2024-02-01)');
    expectWordedEverywhere(errorText(holdout), (holdout as Error).message, ['2024-01-15', '2024-02-01']);
    const notADate = await engine.computeClv({ model: 'bg_nbd', calibrationEnd: '2024-13-01' }).catch((e: unknown) => e);
    expect((notADate as Error).message).toBe('Calibration end must be a date YYYY-MM-DD (got "2024-13-01")');
    expectWordedEverywhere(errorText(notADate), (notADate as Error).message);
    const sbg = await engine.computeClv({ model: 'sbg' }).catch((e: unknown) => e);
    expect((sbg as Error).message).toBe('sBG needs the subscriptions dataset with customer_id, start_date, mrr | amount mapped');
    expectWordedEverywhere(errorText(sbg), (sbg as Error).message);
    const drill = await engine.drillDown({ metric: 'avg_purchase_value', period: '1999-01', options: { asOf: '2024-02-29' } }, { offset: 0, limit: 10 }).catch((e: unknown) => e);
    expect((drill as Error).message).toMatch(/^period "1999-01" is outside the analysis range \(/);
    expectWordedEverywhere(errorText(drill), (drill as Error).message, ['1999-01']);
  });
});

describe('refused mapping files, reconciliations and requests: worded in every language', () => {
  const refusal = (f: () => unknown): MessageError => {
    try { f(); } catch (e) { expect(e).toBeInstanceOf(MessageError); return e as MessageError; }
    throw new Error('not refused');
  };

  const refusedAsync = (p: Promise<unknown>): Promise<MessageError> => p.then(() => { throw new Error('not refused'); }, (e: unknown) => {
    expect(e).toBeInstanceOf(MessageError);
    return e as MessageError;
  });

  it('a mapping file: bad JSON at its line and column, a bad entry by path and file, unknown fields, bad params', () => {
    const json = refusal(() => parseMappingFile('{\n  "version": 1,\n  "tables": [}\n', 'acme-map.json'));
    expect(json.text.key).toBe('mappingFile.error.notJsonAt');
    expect(json.message).toBe('acme-map.json: not valid JSON at line 3, column 14');
    expectWordedEverywhere(json.text, json.message, ['acme-map.json']);
    expect(unisolated(messageText(json.text, 'fa'))).toBe('acme-map.json: JSON معتبر نیست (خط ۳، ستون ۱۴)');
    expect(messageText(json.text, 'zh-Hant')).toBe('acme-map.json：不是有效的 JSON（第 3 行第 14 個字元）');
    const cut = refusal(() => parseMappingFile('{"version": 1, "tables": [', 'cut.json'));
    expectWordedEverywhere(cut.text, 'cut.json: not valid JSON (the text ends before the JSON is complete)', ['cut.json']);

    const entry = refusal(() => parseMappingFile(JSON.stringify({ version: 1, tables: [{ source: 'billing export.csv', dataset: 'sales', fields: { amount: 7 } }] }), 'map.json'));
    expect(entry.text.key).toBe('mappingFile.error.schema');
    expect(entry.message).toBe('map.json: tables.0.dataset (billing export.csv): must be one of subscriptions, mrr_snapshots, transactions, tickets, calls, '
      + 'survey_responses, usage_events, trials, renewals, costs, events, customers, targets (got "sales"); tables.0.fields.amount (billing export.csv): must be text (got 7)');
    expectWordedEverywhere(entry.text, entry.message, ['map.json', 'tables.0.dataset', 'billing export.csv', '"sales"']);

    const fields = refusal(() => parseMappingFile(JSON.stringify({ version: 1, tables: [{ source: 'desk.xlsx', sheet: 'Q1', dataset: 'tickets', fields: { score: 'Score', opened: 'Opened' } }] }), 'map.json'));
    expect(fields.text).toMatchObject({ key: 'mappingFile.error.unknownFields', values: { file: 'map.json', entry: 'tables.0', source: 'desk.xlsx [Q1]', fields: 'score, opened', n: 2 } });
    expectWordedEverywhere(fields.text, fields.message, ['map.json', 'desk.xlsx [Q1]', 'score, opened', 'tickets']);
    expect(unisolated(messageText(fields.text, 'fa'))).toContain('۲ فیلد ناشناخته');
    expect(messageText(fields.text, 'zh-Hant')).toContain('沒有這 2 個欄位：score, opened');
    const one = refusal(() => parseMappingFile(JSON.stringify({ version: 1, tables: [{ source: 'desk.csv', dataset: 'tickets', fields: { score: 'S' } }] })));
    expect(one.message).toMatch(/^mapping file: tables\.0 \(desk\.csv\): unknown field score for dataset tickets; known: ticket_id, /);
    expect(messageText(one.text, 'fa')).toMatch(/^فایل نگاشت: /);

    const params = refusal(() => parseMappingFile(JSON.stringify({ version: 1, tables: [], params: { 'nps.promoter_min': -3, gros_margin: 0.5 } }), 'map.json'));
    expect(params.message).toBe('map.json: params: nps.promoter_min = -3: must be an integer from 0 to 10; unknown parameter "gros_margin" (did you mean gross_margin?)');
    expectWordedEverywhere(params.text, params.message, ['map.json', 'nps.promoter_min', 'gros_margin']);
  });

  it('a reconciliation with a side missing, not mapped, or mapped to different datasets', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'billing.csv', bytes: utf8('customer,start,mrr\nA,2024-01-01,10\n') });
    await engine.openFile({ source: 'orders.csv', bytes: utf8('customer,date,amount\nA,2024-01-05,10\n') });
    await engine.openFile({ source: 'notes.csv', bytes: utf8('note\nhello\n') });
    await engine.setMapping({ version: 1, params: {}, tables: [
      { source: 'billing.csv', dataset: 'subscriptions', fields: { customer_id: 'customer', start_date: 'start', mrr: 'mrr' } },
      { source: 'orders.csv', dataset: 'transactions', fields: { customer_id: 'customer', date: 'date', amount: 'amount' } },
    ] });
    const missing = await refusedAsync(engine.reconcile({ left: 'billing.csv', right: 'crm-export.csv' }));
    expect(missing.text).toEqual({ key: 'reconcile.error.notInWorkspace', values: { side: { key: 'reconcile.error.side.right' }, table: 'crm-export.csv' } });
    expect(missing.message).toBe('the right table "crm-export.csv" is not in the workspace');
    expectWordedEverywhere(missing.text, missing.message, ['crm-export.csv']);
    expect(unisolated(messageText(missing.text, 'fa'))).toBe('جدول راست («crm-export.csv») در فضای کار نیست');
    expect(messageText(missing.text, 'zh-Hant')).toBe('右側資料表「crm-export.csv」不在工作區中');
    const unmapped = await refusedAsync(engine.reconcile({ left: 'notes.csv', right: 'billing.csv' }));
    expectWordedEverywhere(unmapped.text, unmapped.message, ['notes', 'notes.csv']);
    const datasets = await refusedAsync(engine.reconcile({ left: 'billing.csv', right: 'orders.csv' }));
    expect(datasets.message).toBe('the left table is mapped to Subscriptions, the right to Transactions; map both to the same dataset');
    expectWordedEverywhere(datasets.text, datasets.message);
    expect(messageText(datasets.text, 'zh-Hant')).toBe('左側資料表對應到訂閱，右側對應到交易；請將兩者對應到同一資料集');
    const same = await refusedAsync(engine.reconcile({ left: 'billing.csv', right: 'billing.csv' }));
    expectWordedEverywhere(same.text, same.message, ['billing']);
  });

  it('requests naming what is not there: a table, a column, a dialect, a date; sBG without discounting', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'subs.csv', bytes: utf8('customer,start,end,mrr\nA,2024-01-01,2024-03-01,10\nB,2024-01-15,,20\nC,2024-02-01,,30\n') });
    await engine.setMapping({ version: 1, params: {}, tables: [{ source: 'subs.csv', dataset: 'subscriptions', fields: { customer_id: 'customer', start_date: 'start', end_date: 'end', mrr: 'mrr' } }] });
    const [table] = await engine.listTables();
    const noTable = await refusedAsync(engine.getRows({ table: 'gone', offset: 0, limit: 5 }));
    expectWordedEverywhere(errorText(noTable), 'no imported table named "gone"', ['gone']);
    const noColumn = await refusedAsync(engine.getRows({ table: table!.name, offset: 0, limit: 5, sort: [{ column: 'Renewal date', direction: 'asc' }] }));
    expectWordedEverywhere(errorText(noColumn), `table "${table!.name}" has no column "Renewal date"`, ['Renewal date']);
    const dialect = await refusedAsync(engine.metricSql({ dialect: 'oracle' as never }));
    expectWordedEverywhere(errorText(dialect), 'unknown dialect "oracle"; known: sqlite, duckdb, postgres, bigquery, snowflake, trino, spark', ['oracle']);
    const asOf = await refusedAsync(engine.computeMetrics({ asOf: '2024-02-30' }));
    expectWordedEverywhere(errorText(asOf), 'the as-of date must be a date YYYY-MM-DD (got "2024-02-30")', ['2024-02-30']);
    const sbg = await refusedAsync(engine.computeClv({ model: 'sbg', discount: 0 }));
    expect(errorText(sbg)?.key).toBe('clvModel.error.sbgDiscount');
    expectWordedEverywhere(errorText(sbg), sbg.message);
  });

});

describe('kpiw --lang: refusals in the chosen language', () => {
  let dir = '';
  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-errors-'));
    await writeFile(path.join(dir, 'nps.csv'), 'Score,Date\n10,2024-01-05\n3,2024-01-12\n');
    await writeFile(path.join(dir, 'broken.kpiw'), 'not a workspace');
  }, 120_000);

  it('a bad --param, a file that is not a workspace: Persian and Thai with --lang, English without', async () => {
    const param = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--param', 'nps.promoter_min=-3', '--lang', 'fa']);
    expect(param.code).toBe(2);
    expect(param.stderr.replace(/[\u2068\u2069]/g, '')).toContain('nps.promoter_min = -3: باید عدد صحیحی از ۰ تا ۱۰ باشد');
    const workspace = await kpiw(['analyze', '--workspace', path.join(dir, 'broken.kpiw'), '--lang', 'th']);
    expect(workspace.code).not.toBe(0);
    expect(workspace.stderr).toContain('ไม่ใช่พื้นที่ทำงาน KPI Workbench');
    const english = await kpiw(['analyze', '--workspace', path.join(dir, 'broken.kpiw')]);
    expect(english.stderr).toContain('not a KPI Workbench workspace');
  });

  it('a file that cannot be read is reported in the language of the text output', async () => {
    await writeFile(path.join(dir, 'report.pdf'), '%PDF-1.4\n');
    const r = await kpiw(['analyze', path.join(dir, 'report.pdf'), path.join(dir, 'nps.csv'), '--lang', 'zh-Hant']);
    expect(r.stdout + r.stderr).toContain('無法辨識的格式 — 此檔案是PDF 文件');
  });

  it('kpiw --map with a broken file: the file and the place in the language of --lang', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-map-'));
    await writeFile(path.join(dir, 'nps.csv'), 'Score,Date\n10,2024-01-05\n');
    await writeFile(path.join(dir, 'team-map.json'), '{ "version": 1, "tables": [ { "source": "nps.csv", "dataset": "survey_responses", "fields": { "scroe": "Score" } } ] }');
    const fa = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--map', path.join(dir, 'team-map.json'), '--lang', 'fa']);
    expect(fa.code).toBe(2);
    expect(unisolated(fa.stderr)).toContain('team-map.json: tables.0 (nps.csv): فیلد ناشناختهٔ scroe برای مجموعه داده survey_responses');
    const zh = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--map', path.join(dir, 'team-map.json'), '--lang', 'zh-Hant']);
    expect(zh.stderr).toContain('tables.0（nps.csv）：資料集 survey_responses 沒有這 1 個欄位：scroe');
    const en = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--map', path.join(dir, 'team-map.json')]);
    expect(en.stderr).toContain('tables.0 (nps.csv): unknown field scroe for dataset survey_responses');
    const sql = await kpiw(['sql', '--map', path.join(dir, 'team-map.json')]);
    expect(sql.code).toBe(2);
    expect(sql.stderr).toMatch(/^kpiw sql: .*team-map\.json: tables\.0 \(nps\.csv\): unknown field scroe/);
    expect((await kpiw(['sql', '--dialect'])).stderr).toMatch(/^kpiw sql: --dialect needs a value/);
  }, 60_000);
});

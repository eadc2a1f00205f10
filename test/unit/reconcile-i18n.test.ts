// Reconciliation notes and the reconcile / clv / sql command lines in the reader's language: a real
// reconciliation of two small generated exports whose left one has a row without a customer and a
// row without an amount gives a keyed note (reconcile.issue.rowsLeftOut, plural by the count) that
// Persian and Traditional Chinese word with the count in their own digits; `kpiw reconcile --lang fa`,
// `kpiw clv --lang zh-Hant` and `kpiw sql --lang th` print their labels from the resources.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { translate } from '../../src/shared/i18n';
import { messageText } from '../../src/shared/i18n/messages';
import type { MappingFile } from '../../src/shared/types';
import { buildCli, kpiw } from '../fixtures/cli';

const BILLING = 'Customer ID,Email,MRR,Start Date,End Date\ncus_001,a@x.com,100,2024-01-01,\ncus_002,b@x.com,50,2024-01-01,\n'
  + 'cus_003,c@x.com,,2024-01-01,\ncus_004,d@x.com,,2024-01-01,\n,e@x.com,90,2024-01-01,\n';
const CRM = 'Account,Email,MRR,Start Date,End Date\ncus_001,a@x.com,100,2024-01-01,\ncus_002,b@x.com,45,2024-01-01,\n';
const fields = (id: string) => ({ customer_id: id, email: 'Email', mrr: 'MRR', start_date: 'Start Date', end_date: 'End Date' });
const MAPPING: MappingFile = {
  version: 1, params: {},
  tables: [{ source: 'billing.csv', dataset: 'subscriptions', fields: fields('Customer ID') }, { source: 'crm.csv', dataset: 'subscriptions', fields: fields('Account') }],
};
const unisolated = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

describe('reconciliation notes as messages', () => {
  it('rows left out of a side: a key, a plural, and the count in Persian and Chinese digits', async () => {
    const engine = await Engine.create();
    for (const [name, text] of [['billing.csv', BILLING], ['crm.csv', CRM]] as const) {
      const bytes = new TextEncoder().encode(text);
      await engine.openFile({ source: name, bytes, size: bytes.length, mtimeMs: 0 });
    }
    await engine.setMapping(MAPPING);
    const r = await engine.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31' });
    const at = r.issueMessages!.findIndex((m) => m.key === 'reconcile.issue.rowsLeftOut');
    expect(at).toBeGreaterThanOrEqual(0);
    const message = r.issueMessages![at]!;
    const n = message.values!.n as number;
    expect(n).toBeGreaterThanOrEqual(2);
    // The English stays in `issues`, aligned with the messages.
    expect(r.issues).toHaveLength(r.issueMessages!.length);
    expect(r.issues[at]).toBe(`the left table billing: ${n} rows without a customer or an amount are left out (see the mapping issues)`);
    const fa = messageText(message, 'fa');
    expect(fa).toContain(`\u2068${n.toLocaleString('fa')}\u2069`);
    expect(fa).toContain('جدول چپ');
    expect(fa.replace('billing', '')).not.toMatch(/[A-Za-z]/);
    const zh = unisolated(messageText(message, 'zh-Hant'));
    expect(zh).toBe(`左側資料表（billing）：${n.toLocaleString('zh-Hant')} 列沒有客戶或金額，未納入對帳（請見對應問題）`);
    expect(messageText({ key: 'reconcile.issue.rowsLeftOut', values: { ...message.values, n: 1 } }, 'en')).toMatch(/: 1 row without a customer or an amount is left out/);
  });
});

describe('kpiw reconcile, clv and sql with --lang', () => {
  let dir = '';
  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-rec-i18n-'));
    await writeFile(path.join(dir, 'billing.csv'), BILLING);
    await writeFile(path.join(dir, 'crm.csv'), CRM);
    await writeFile(path.join(dir, 'map.json'), JSON.stringify(MAPPING));
    // 40 customers buying every few weeks through 2023, some of them stopping early.
    const rows: string[] = ['customer,order_date,amount'];
    for (let c = 0; c < 40; c++) {
      const stop = c % 3 === 0 ? 4 : 12;
      for (let k = 0; k < (c % 5) + 1 && k < stop; k++) {
        const day = 1 + ((c * 7 + k * 41) % 330);
        rows.push(`c${String(c).padStart(3, '0')},${new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10)},${20 + ((c * 13 + k * 7) % 50)}`);
      }
    }
    await writeFile(path.join(dir, 'tx.csv'), rows.join('\n') + '\n');
    await writeFile(path.join(dir, 'tx-map.json'), JSON.stringify({ version: 1, params: {}, tables: [{ source: 'tx.csv', dataset: 'transactions', fields: { customer_id: 'customer', date: 'order_date', amount: 'amount' } }] }));
  }, 120_000);

  it('kpiw reconcile --lang fa: title, sides, columns, categories and the note in Persian', async () => {
    const r = await kpiw(['reconcile', path.join(dir, 'billing.csv'), path.join(dir, 'crm.csv'), '--map', path.join(dir, 'map.json'), '--as-of', '2024-03-31', '--lang', 'fa']);
    expect(r.code, r.stderr).toBe(0);
    const out = unisolated(r.stdout);
    expect(out).toMatch(/^تطبیق · دوره مارس ۲۰۲۴\n/);
    for (const key of ['cli.reconcile.column.category', 'cli.reconcile.column.difference', 'reconcile.category.only_left', 'cli.reconcile.column.total']) {
      expect(out).toContain(translate('fa', key));
    }
    expect(out).toContain('۱۵۰٫۰۰');
    expect(out).toContain('یادداشت: جدول چپ (billing)');
    expect(out).not.toMatch(/\b(category|difference|total|note|customers)\b/);
    // Without --lang, the text stays English.
    const en = await kpiw(['reconcile', path.join(dir, 'billing.csv'), path.join(dir, 'crm.csv'), '--map', path.join(dir, 'map.json'), '--as-of', '2024-03-31']);
    expect(en.stdout).toMatch(/^Reconciliation · period 2024-03\n/);
    expect(en.stdout).toContain('note: the left table billing:');
    const bad = await kpiw(['reconcile', path.join(dir, 'billing.csv'), path.join(dir, 'crm.csv'), '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang de: the languages are en, fa, th, zh-Hant, zh-Hans/);
  }, 120_000);

  it('kpiw clv --lang zh-Hant: the fit card, the CLV basis and the top customers in Traditional Chinese', async () => {
    const r = await kpiw(['clv', path.join(dir, 'tx.csv'), '--map', path.join(dir, 'tx-map.json'), '--calibration-end', '2023-12-31', '--lang', 'zh-Hant']);
    expect(r.stdout).toMatch(/^BG\/NBD：40 位客戶，校準至 2023-12-31，時間單位 /);
    expect(r.stdout).toContain(translate('zh-Hant', 'cli.clv.topCustomers'));
    expect(r.stdout).toContain(translate('zh-Hant', 'clvModel.logLikelihood'));
    expect(r.stdout).toContain(translate('zh-Hant', 'clvModel.variantLabel.bg_nbd.arpa_churn'));
    expect(r.stdout).not.toMatch(/Top customers|customers, calibration|CLV over/);
  }, 120_000);

  it('kpiw sql --lang th: its own refusals in Thai, the help in English', async () => {
    const dialect = await kpiw(['sql', '--dialect', 'oracle', '--lang', 'th']);
    expect(dialect.code).toBe(2);
    expect(dialect.stderr).toBe(`kpiw sql: ${messageText({ key: 'engineError.unknownDialect', values: { dialect: 'oracle', known: 'sqlite, duckdb, postgres, bigquery, snowflake, trino, spark' } }, 'th')}\n`);
    const date = await kpiw(['sql', '--lang=zh-Hans', '--as-of', '2024-13']);
    expect(date.stderr).toBe('kpiw sql: --as-of 必须是 YYYY-MM-DD（收到“2024-13”）\n');
    const unknown = await kpiw(['sql', '--lang', 'fa', '--frob']);
    expect(unknown.stderr).toMatch(/^kpiw sql: آرگومان ناشناخته/);
    expect(unknown.stderr).toContain('Prints the SQL of the metrics');
    expect((await kpiw(['sql', '--dialect'])).stderr).toMatch(/^kpiw sql: --dialect needs a value/);
  }, 120_000);
});

// The snapshot date of a customer snapshot is its own parameter (customers.snapshot_date): by
// default the day the file was last modified, else the as-of date; stated beside every number;
// set from the UI's parameter panel, the mapping file or `--param`. Values worked by hand on five
// customers whose status depends on the date.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { coerceParam, paramProblems } from '../../src/engine/metrics/params';
import { PARAM_BY_ID, paramHelpKey, paramLabelKey } from '../../src/shared/catalog/params';
import type { AnalysisOptions, MappingFile } from '../../src/shared/types';
import en from '../../src/shared/i18n/en.json';
import fa from '../../src/shared/i18n/fa.json';
import { messageText } from '../../src/shared/i18n/messages';

const CSV = [
  'id,signup,cancel,amount',
  'a,2023-01-10,,100',
  'b,2023-05-01,2024-03-15,50',
  'c,2024-02-01,2024-05-20,30',
  'd,2024-04-10,,70',
  'e,2024-06-05,,20',
].join('\n');

const MAPPING: MappingFile = {
  version: 1, params: {},
  tables: [{ source: 'customers.csv', dataset: 'customers', fields: { customer_id: 'id', signup_date: 'signup', cancel_date: 'cancel', monthly_amount: 'amount' } }],
};

async function engineWith(mtimeMs: number | null) {
  const engine = await Engine.create();
  await engine.openFile({ source: 'customers.csv', bytes: new TextEncoder().encode(CSV), size: CSV.length, mtimeMs });
  await engine.setMapping(MAPPING);
  return engine;
}

async function numbers(engine: Engine, options: AnalysisOptions) {
  const r = await engine.computeMetrics({ asOf: '2024-06-30', ...options });
  const m = (id: string) => r.metrics.find((x) => x.id === id)!;
  const churn = m('snapshot_churn_rate');
  return {
    date: churn.stats.snapshot_date, source: churn.stats.snapshot_date_source, note: churn.notes?.[0],
    customers: m('snapshot_customers').value, churnRate: churn.value, mrr: m('snapshot_mrr').value, arpa: m('snapshot_arpa').value,
  };
}

describe('customers.snapshot_date', () => {
  it('defaults to the day the file was last modified, stated as an assumption', async () => {
    // Modified 31 May 2024, 15:00 UTC. On that day e has not signed up; b (15 Mar) and c (20 May)
    // have cancelled: 4 customers, 2 churned, active a + d = 170.
    const engine = await engineWith(Date.UTC(2024, 4, 31, 15));
    const n = await numbers(engine, {});
    expect(n).toMatchObject({ date: '2024-05-31', source: 'file', customers: 4, churnRate: 0.5, mrr: 170, arpa: 85 });
    expect(n.note).toMatch(/^Snapshot date 2024-05-31 \(the day the file was last modified; an assumption — set customers\.snapshot_date/);
  });

  it('the parameter wins, and drill-downs use it too', async () => {
    // On 1 Apr 2024: d and e have not signed up; b has cancelled, c not yet: 3 customers, 1
    // churned, active a + c = 130.
    const engine = await engineWith(Date.UTC(2024, 4, 31, 15));
    const params = { 'customers.snapshot_date': '2024-04-01' };
    const n = await numbers(engine, { params });
    expect(n).toMatchObject({ date: '2024-04-01', source: 'parameter', customers: 3, churnRate: 1 / 3, mrr: 130, arpa: 65 });
    expect(n.note).toBe('Snapshot date 2024-04-01 (set by customers.snapshot_date).');
    const page = await engine.drillDown({ metric: 'snapshot_churn_rate', period: '2024-06', options: { asOf: '2024-06-30', params } }, { offset: 0, limit: 10 });
    expect(page.rows.map((row) => row[page.columns.indexOf('id')])).toEqual(['b']);
    // Set in the mapping file (as a workspace or `--map` does) it applies the same way.
    await engine.setMapping({ ...MAPPING, params });
    expect(await numbers(engine, {})).toMatchObject({ date: '2024-04-01', customers: 3, mrr: 130 });
  });

  it('states the date and the customers left out as messages (note.customers.*) in every language', async () => {
    const engine = await engineWith(Date.UTC(2024, 4, 31, 15));
    const r = await engine.computeMetrics({ asOf: '2024-06-30', params: { 'customers.snapshot_date': '2024-04-01' } });
    const churn = r.metrics.find((x) => x.id === 'snapshot_churn_rate')!;
    const [date, after] = churn.noteMessages!;
    expect(date).toEqual({ key: 'note.customers.snapshotDate.parameter', values: { date: '2024-04-01' } });
    // d and e sign up after 1 Apr 2024.
    expect(after).toEqual({ key: 'note.customers.signedUpAfter', values: { n: 2, date: '2024-04-01' } });
    expect(churn.notes![1]).toBe('2 customers who signed up after 2024-04-01 are left out.');
    expect(messageText(after!, 'fa')).toBe('\u2068۲\u2069 مشتری که پس از \u20682024-04-01\u2069 ثبت‌نام کرده‌اند کنار گذاشته شدند.');
    expect(messageText(after!, 'zh-Hant')).toBe('2 位於 2024-04-01 之後註冊的客戶未計入。');
    expect(messageText(date!, 'zh-Hant')).toBe('快照日期 2024-04-01（由 customers.snapshot_date 設定）。');
    expect(messageText(date!, 'zh-Hans')).toBe('快照日期 2024-04-01（由 customers.snapshot_date 设置）。');
    expect(messageText(date!, 'fa')).toBe('تاریخ تصویر \u20682024-04-01\u2069 (تعیین‌شده با \u2068customers.snapshot_date\u2069).');
  });

  it('without a file date, the as-of date, stated', async () => {
    // On 30 Jun 2024 all five have signed up; b and c have cancelled: 2 of 5, active a + d + e = 190.
    const engine = await engineWith(null);
    const n = await numbers(engine, {});
    expect(n).toMatchObject({ date: '2024-06-30', source: 'as_of', customers: 5, churnRate: 0.4, mrr: 190, arpa: 190 / 3 });
    expect(n.note).toMatch(/^Snapshot date 2024-06-30 \(the as-of date, as the file's date is unknown/);
  });

  it('is a catalog parameter: date editor, --param coercion and validation, labels in en and fa', () => {
    const def = PARAM_BY_ID.get('customers.snapshot_date')!;
    expect(def).toMatchObject({ default: null, editor: { kind: 'date' } });
    expect(coerceParam('customers.snapshot_date', '2024-05-31')).toBe('2024-05-31');
    expect(coerceParam('customers.snapshot_date', '')).toBeNull();
    expect(paramProblems({ 'customers.snapshot_date': '2024-05-31' })).toEqual([]);
    expect(paramProblems({ 'customers.snapshot_date': '2024-02-30' })).toHaveLength(1);
    expect(paramProblems({ 'customers.snapshot_date': '31/05/2024' })[0]).toMatch(/customers\.snapshot_date/);
    const at = (o: unknown, key: string) => key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
    for (const dict of [en, fa]) {
      expect(at(dict, paramLabelKey('customers.snapshot_date'))).toEqual(expect.any(String));
      expect(at(dict, paramHelpKey('customers.snapshot_date'))).toEqual(expect.any(String));
      for (const s of ['parameter', 'file', 'as_of']) expect(at(dict, `kpi.snapshotSource.${s}`)).toEqual(expect.any(String));
    }
  });
});

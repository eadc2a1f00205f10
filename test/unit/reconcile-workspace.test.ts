// Two exports of one dataset in one workspace (issue 11): the KPIs use only the table chosen as the
// source of truth (never both added together), reconciliation still sees both, and the matches made
// by hand are kept in the mapping, saved in the .kpiw and applied on every recompute.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import type { MappingFile } from '../../src/shared/types';
import { parseMappingFile, serializeMappingFile } from '../../src/engine/mapping/mappingFile';

const enc = (s: string) => new TextEncoder().encode(s);
const BILLING = 'Customer ID,Email,MRR,Start Date,End Date\ncus_1,a@x.com,100,2024-01-01,\ncus_2,b@x.com,50,2024-01-01,\ncus_3,,30,2024-01-01,\n';
const CRM = 'Account,Email,MRR,Start Date,End Date\ncus_1,a@x.com,100,2024-01-01,\nCRM9,b@x.com,45,2024-01-01,\nZ-ACC,,30,2024-01-01,\ncus_9,,7,2024-02-01,\n';
const fields = (id: string) => ({ customer_id: id, email: 'Email', mrr: 'MRR', start_date: 'Start Date', end_date: 'End Date' });
const mappingOf = (extra: Partial<MappingFile> = {}): MappingFile => ({
  version: 1, params: {}, ...extra,
  tables: [{ source: 'billing.csv', dataset: 'subscriptions', fields: fields('Customer ID') }, { source: 'crm.csv', dataset: 'subscriptions', fields: fields('Account') }],
});

async function engineWith(files: Array<[string, string]>, mapping: MappingFile): Promise<Engine> {
  const engine = await Engine.create();
  for (const [name, text] of files) await engine.openFile({ source: name, bytes: enc(text) });
  await engine.setMapping(mapping);
  return engine;
}
const valueOf = async (e: Engine, id: string) => {
  const m = (await e.computeMetrics({ asOf: '2024-03-31', period: 'month' })).metrics.find((x) => x.id === id)!;
  return m.value;
};

describe('source of truth', () => {
  it('KPIs of a two-table workspace equal those of the chosen table alone', async () => {
    const both = await engineWith([['billing.csv', BILLING], ['crm.csv', CRM]], mappingOf());
    // Without a choice the first table stands in (never both added together): billing 100 + 50 + 30.
    expect(await valueOf(both, 'mrr')).toBe(180);
    // Both added together only when chosen: 100 + 50 + 30 + 100 + 45 + 30 + 7.
    await both.setMapping(mappingOf({ sourceOfTruth: { subscriptions: { source: '*' } } }));
    expect(await valueOf(both, 'mrr')).toBe(362);
    await both.setMapping(mappingOf({ sourceOfTruth: { subscriptions: { source: 'crm.csv' } } }));
    // CRM alone: 100 + 45 + 30 + 7 = 182 over 4 customers.
    expect(await valueOf(both, 'mrr')).toBe(182);
    expect(await valueOf(both, 'active_customers')).toBe(4);
    const alone = await engineWith([['crm.csv', CRM]], { version: 1, params: {}, tables: [mappingOf().tables[1]!] });
    for (const id of ['mrr', 'active_customers', 'arpa', 'mrr_new']) expect(await valueOf(both, id), id).toEqual(await valueOf(alone, id));
    const issues = await both.setMapping(mappingOf({ sourceOfTruth: { subscriptions: { source: 'billing.csv' } } }));
    expect(issues.some((i) => i.code === 'balances_added_together')).toBe(false);
    expect(await valueOf(both, 'mrr')).toBe(180); // billing alone: 100 + 50 + 30
    // Reconciliation still reads both tables.
    const r = await both.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31' });
    expect([r.left.mrr, r.right.mrr]).toEqual([180, 182]);
  });
});

describe('manual matches kept in the workspace', () => {
  const manual = [{ leftId: 'cus_3', rightId: 'Z-ACC' }];
  const saved = mappingOf({ sourceOfTruth: { subscriptions: { source: 'billing.csv' } }, reconciliations: [{ left: { source: 'billing.csv' }, right: { source: 'crm.csv' }, manual }] });

  it('are applied on recompute and survive save and load with the sources gone', async () => {
    const engine = await engineWith([['billing.csv', BILLING], ['crm.csv', CRM]], mappingOf());
    const before = await engine.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31' });
    const cat = (r: typeof before, c: string) => r.bridge.find((b) => b.category === c)!;
    // cus_3 and Z-ACC are tied by nothing: 30 only left, 30 + 7 only right.
    expect([cat(before, 'only_left').difference, cat(before, 'only_right').difference]).toEqual([-30, 37]);
    await engine.setMapping(saved);
    const after = await engine.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31' });
    expect(after.customers.find((c) => c.left_id === 'cus_3')).toMatchObject({ right_id: 'Z-ACC', match: 'manual', category: 'matched' });
    expect([cat(after, 'only_left').customers, cat(after, 'only_right').difference, cat(after, 'matched').customers]).toEqual([0, 7, 2]);

    const reopened = await Engine.create();
    const contents = await reopened.loadWorkspace(await engine.saveWorkspace());
    expect(contents.mapping.reconciliations).toEqual(saved.reconciliations);
    expect(contents.mapping.sourceOfTruth).toEqual(saved.sourceOfTruth);
    const again = await reopened.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31' });
    expect(again.bridge).toEqual(after.bridge);
    expect(await valueOf(reopened, 'mrr')).toBe(180);
    // A request's own list wins over the kept one (the UI sends what it shows).
    const none = await reopened.reconcile({ left: 'billing.csv', right: 'crm.csv', asOf: '2024-03-31', manual: [] });
    expect(none.bridge).toEqual(before.bridge);
  });

  it('round-trip through the mapping file', () => {
    expect(parseMappingFile(serializeMappingFile(saved))).toEqual(saved);
  });
});

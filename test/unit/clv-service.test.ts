// The CLV tab's engine side on real sql.js and real files: the observed (Kaplan–Meier) survival
// beside the sBG projection, per-segment CLV, a customer's source rows (drill-down), and the
// per-customer CSV export (sorted, formula injection neutralised). Expectations worked by hand.
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/api';
import { fitSbg, observedSurvival, sbgDerl, sbgExpectedRenewals, sbgGeometricLimit, sbgSurvival } from '../../src/engine/metrics/clv-models/sbg';
import type { ClvResult } from '../../src/shared/clv';

// As of 2024-12-31, renewal period a month (365.25 / 12 = 30.4375 days):
//   c1 74 days → 2 renewals, left at renewal 3;  c2 19 days → left at renewal 1;
//   c3 active 365 days → censored after 11;      c4 active 91 days → censored after 2;
//   =c5 44 days → left at renewal 2 (its id would start a formula in a spreadsheet).
const SUBSCRIPTIONS = [
  'customer,plan,mrr,start,end',
  'c1,Basic,10,2024-01-01,2024-03-15',
  'c2,Basic,10,2024-01-01,2024-01-20',
  'c3,Pro,30,2024-01-01,',
  'c4,Basic,10,2024-10-01,',
  '=c5,Pro,30,2024-06-01,2024-07-15',
].join('\n');

// At risk of renewal 1: all 5, one leaves → 4/5. Renewal 2: c1, c3, c4, =c5 at risk, =c5 leaves → 0.8·3/4.
// Renewal 3: c1 and c3 (c4 was censored after 2), c1 leaves → 0.6·1/2; then c3 alone to renewal 11.
const KAPLAN_MEIER = [1, 0.8, 0.6, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, null];

async function engineWith(csv: string, name: string, dataset: 'subscriptions' | 'transactions', fields: Record<string, string>): Promise<Engine> {
  const engine = await Engine.create();
  await engine.openFile({ source: name, bytes: new TextEncoder().encode(csv) });
  await engine.setMapping({ version: 1, tables: [{ source: name, dataset, fields }], params: { gross_margin: 0.5 } });
  return engine;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0);

describe('observed survival (Kaplan–Meier over censored lifetimes)', () => {
  it('matches the hand computation', () => {
    const lifetimes = [{ renewals: 2, churned: true }, { renewals: 0, churned: true }, { renewals: 11, churned: false }, { renewals: 2, churned: false }, { renewals: 1, churned: true }];
    const s = observedSurvival(lifetimes, 12);
    expect(s).toHaveLength(13);
    s.forEach((v, t) => (KAPLAN_MEIER[t] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(KAPLAN_MEIER[t]!, 12)));
  });

  it('is survivors[t] ÷ survivors[0] for one cohort watched to the same renewal (Fader & Hardie 2007, regular segment)', () => {
    const survivors = [1000, 631, 468, 382, 326, 289, 262, 241];
    const lifetimes = survivors.flatMap((s, t) => {
      const left = t === 0 ? 0 : survivors[t - 1] - s;
      const churned = Array.from({ length: left }, () => ({ renewals: t - 1, churned: true }));
      return t === survivors.length - 1 ? [...churned, ...Array.from({ length: s }, () => ({ renewals: t, churned: false }))] : churned;
    });
    const s = observedSurvival(lifetimes, 7);
    survivors.forEach((n, t) => expect(s[t]).toBeCloseTo(n / 1000, 12));
  });
});

describe('sBG at the geometric boundary', () => {
  it('names the constant churn when every customer churns alike (survivors 1000 · 0.9^t)', () => {
    const fit = fitSbg([1000, 900, 810, 729, 656, 590, 531]);
    expect(sbgGeometricLimit(fit.params)!.churn).toBeCloseTo(0.1, 3);
  });
  it('keeps survival and DERL exact there: geometric 0.9^t and Σ 0.9^(k+1)/(1+d)^k = 0.9(1+d)/(d+0.1)', () => {
    // θ = α/(α+β) = 0.1 with α, β ≈ 1e14: differences of log-beta values would cancel to noise
    const p = { alpha: 1e14, beta: 9e14 };
    for (const t of [1, 5, 12, 40]) expect(sbgSurvival(p, t)).toBeCloseTo(0.9 ** t, 9);
    expect(sbgDerl(p, 0.01, 7)).toBeCloseTo((0.9 * 1.01) / (0.01 + 0.1), 6);
  });
  it('expects renewals as Σ S(n+k)/S(n): by hand for α = 1, β = 1, where S(t) = 1/(t+1)', () => {
    // n = 2, H = 3: (1/4 + 1/5 + 1/6) ÷ (1/3) = 0.75 + 0.6 + 0.5
    expect(sbgExpectedRenewals({ alpha: 1, beta: 1 }, 2, 3)).toBeCloseTo(1.85, 12);
    expect(sbgExpectedRenewals({ alpha: 1e14, beta: 9e14 }, 30, 2)).toBeCloseTo(0.9 + 0.81, 9);
  });
  it('leaves an interior fit alone (Fader & Hardie 2007 regular segment)', () => {
    expect(sbgGeometricLimit(fitSbg([1000, 631, 468, 382, 326, 289, 262, 241]).params)).toBeNull();
  });
});

describe('sBG through the engine on a small subscriptions file', () => {
  let engine: Engine;
  let result: ClvResult;
  beforeAll(async () => {
    engine = await engineWith(SUBSCRIPTIONS, 'subs.csv', 'subscriptions', { customer_id: 'customer', plan: 'plan', mrr: 'mrr', start_date: 'start', end_date: 'end' });
    result = await engine.computeClv({ model: 'sbg', asOf: '2024-12-31', period: 'month', horizon: 12 });
  });

  it('states every variant’s assumptions in words, from the resource files (not a missing key)', () => {
    expect(result.variants.map((v) => v.id)).toEqual(['arpa_churn', 'margin', 'predictive']);
    for (const v of result.variants) expect(v.assumptions).toMatch(/^[a-z].* .* /);
    expect(result.variants.find((v) => v.id === 'predictive')!.assumptions).toContain('beta-distributed');
  });

  it('sets the observed survival beside the projected retention of the pooled fit', () => {
    const all = result.segments!.find((s) => s.segment === 'all')!;
    expect(all.observed).toHaveLength(all.retention.length);
    all.observed.forEach((v, t) => (KAPLAN_MEIER[t] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(KAPLAN_MEIER[t]!, 12)));
  });

  it('gives each customer its segment and adds up CLV over the active customers', () => {
    expect(Object.fromEntries(result.perCustomer.map((c) => [c.customer_id, c.segment]))).toEqual({ c1: 'Basic', c2: 'Basic', c3: 'Pro', c4: 'Basic', '=c5': 'Pro' });
    const all = result.segments!.find((s) => s.segment === 'all')!;
    expect(all.activeCustomers).toBe(2);
    if (result.converged) {
      const c3 = result.perCustomer.find((c) => c.customer_id === 'c3')!.clv!;
      const c4 = result.perCustomer.find((c) => c.customer_id === 'c4')!.clv!;
      expect(all.clvTotal).toBeCloseTo(c3 + c4, 9);
      expect(all.clvMean).toBeCloseTo((c3 + c4) / 2, 9);
    } else expect(all.clvTotal).toBeNull();
  });

  it('groups by start-year cohort when asked', async () => {
    const byCohort = await engine.computeClv({ model: 'sbg', asOf: '2024-12-31', segmentBy: 'cohort' });
    expect(new Set(byCohort.perCustomer.map((c) => c.segment))).toEqual(new Set(['2024']));
  });

  it('drills from a customer to its subscription rows', async () => {
    const { table, rows } = await engine.clvCustomerRows({ model: 'sbg', customer: 'c3' });
    const page = await engine.getRows({ table, offset: 0, limit: 10, filters: [{ column: '__row', kind: 'rows', rows }] });
    expect(page.rows.map((r) => r[page.columns.indexOf('customer')])).toEqual(['c3']);
    await expect(engine.clvCustomerRows({ model: 'sbg', customer: 'nobody' })).rejects.toThrow(/has no subscriptions rows/i);
  });

  it('exports the per-customer table as CSV, sorted, with the formula-like id neutralised', async () => {
    const lines = decode(await engine.exportCsv({ clv: { model: 'sbg', asOf: '2024-12-31' }, sort: [{ column: 'frequency', direction: 'desc' }] }));
    expect(lines[0]).toBe('Customer,Segment,Renewals,Recency,T,P(alive),Expected renewals,Value per period,CLV,Note');
    // renewals 11, 2, 2, 1, 0 (ties keep the engine's order)
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['c3', 'c1', 'c4', "'=c5", 'c2']);
    expect(lines.find((l) => l.startsWith('c2'))).toMatch(/,cancelled: no residual value$/);
  });
});

// CDNOW-style purchases: customer ids that read as numbers ("00004" is stored as 4).
describe('BG/NBD drill-down and export on transactions', () => {
  const lines = ['customer,order_date,amount'];
  for (let c = 1; c <= 40; c++) for (let k = 0; k <= c % 4; k++) lines.push(`${String(c).padStart(5, '0')},1997-0${1 + k}-${String(1 + (c % 27)).padStart(2, '0')},${(10 + c + k).toFixed(2)}`);
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineWith(lines.join('\n'), 'cdnow-like.csv', 'transactions', { customer_id: 'customer', date: 'order_date', amount: 'amount' });
  });

  it('finds the rows of a customer whose id is numeric', async () => {
    const result = await engine.computeClv({ model: 'bg_nbd', calibrationEnd: '1997-06-30', timeUnit: 'week' });
    const id = result.perCustomer.find((c) => c.frequency === 3)!.customer_id;
    const { table, rows } = await engine.clvCustomerRows({ model: 'bg_nbd', customer: id });
    expect(rows).toHaveLength(4);
    const page = await engine.getRows({ table, offset: 0, limit: 10, filters: [{ column: '__row', kind: 'rows', rows }] });
    expect(page.rows.map((r) => Number(r[page.columns.indexOf('customer')]))).toEqual([Number(id), Number(id), Number(id), Number(id)]);
  });

  it('exports P(alive), expected purchases, value and CLV per customer with the BG/NBD note', async () => {
    const csv = decode(await engine.exportCsv({ clv: { model: 'bg_nbd', calibrationEnd: '1997-06-30', timeUnit: 'week' }, sort: [{ column: 'customer_id', direction: 'asc' }] }));
    expect(csv[0]).toBe('Customer,Frequency,Recency,T,P(alive),Expected purchases,Expected value,CLV,Note');
    expect(csv).toHaveLength(41);
    const noRepeat = csv.filter((l) => l.split(',')[1] === '0');
    expect(noRepeat).toHaveLength(10);
    for (const l of noRepeat) expect(l).toMatch(/,1,.*P\(alive\) is 1 by construction/);
  });
});

it('keeps the sample subscriptions fit converged with segment CLV (resources/sample)', async () => {
  const file = path.join(__dirname, '..', '..', 'resources', 'sample', 'subscriptions.csv');
  const engine = await engineWith(readFileSync(file, 'utf8'), 'subscriptions.csv', 'subscriptions', { customer_id: 'customer_id', plan: 'plan', mrr: 'mrr', start_date: 'start_date', end_date: 'end_date' });
  const r = await engine.computeClv({ model: 'sbg' });
  expect(r.converged).toBe(true);
  for (const s of r.segments!) {
    const members = r.perCustomer.filter((c) => s.segment === 'all' || c.segment === s.segment);
    const active = members.filter((c) => c.p_alive === 1);
    expect(s.activeCustomers).toBe(active.length);
    if (s.clvTotal !== null) expect(s.clvTotal).toBeCloseTo(active.reduce((t, c) => t + c.clv!, 0), 6);
  }
});

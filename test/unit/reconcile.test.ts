// Reconciliation (issue 11): generated billing/CRM pairs with planted differences of every
// category; the expected bridge is written down from the plants, not read back from the engine.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES, dayOfIso, normalizeId, reconcile, type ReconcileRecord } from '../../src/engine/reconcile/reconcile';
import { messageText } from '../../src/shared/i18n/messages';

const params = { tolerance: 0.01, timingDays: 31, nameThreshold: 0.9 };
const d = dayOfIso;

function sub(row: number, customerId: string, value: number, start: string, end: string | null = null, extra: Partial<ReconcileRecord> = {}): ReconcileRecord {
  return { row, customerId, value, start: d(start), end: end ? d(end) : null, ...extra };
}

describe('reconcile subscriptions', () => {
  // As of 2024-03-31. Each customer plants one category.
  const left: ReconcileRecord[] = [
    sub(1, 'cus_001', 100, '2023-01-01'),                              // matched by exact id
    sub(2, 'cus_ABC-7', 50, '2023-06-01'),                             // normalized id ↔ "ABC 7"
    sub(3, 'L-9', 80, '2023-02-01', null, { email: 'Ann@Example.com ' }), // e-mail only ↔ "crm-55"
    sub(4, 'cus_004', 100, '2023-01-01'),                              // right has 1200 (annual as MRR)
    sub(5, 'cus_005', 90, '2023-01-01'),                               // right has 75 (discount)
    sub(6, 'cus_006', 40, '2023-01-01', '2024-04-20'),                 // right cancelled 2024-03-10
    sub(7, 'cus_007', 30, '2023-01-01'),                               // only left
    sub(8, 'cus_008', 20, '2024-04-15'),                               // starts after as-of: right started 2024-03-20 → timing
    sub(9, 'X-1', 60, '2023-01-01', null, { name: 'Acme Trading Inc.' }), // fuzzy name ↔ "ACME Tradng"
  ];
  const right: ReconcileRecord[] = [
    sub(1, 'cus_001', 100.004, '2023-01-01'),
    sub(2, 'ABC 7', 50, '2023-06-01'),
    sub(3, 'crm-55', 80, '2023-02-01', null, { email: 'ann@example.com' }),
    sub(4, 'cus_004', 1200, '2023-01-01'),
    sub(5, 'cus_005', 75, '2023-01-01'),
    sub(6, 'cus_006', 40, '2023-01-01', '2024-03-10'),
    sub(7, 'cus_100', 10, '2023-01-01'),                               // only right
    sub(8, 'cus_008', 20, '2024-03-20'),
    sub(9, 'Z-77', 60, '2023-01-01', null, { name: 'ACME Trading' }),
  ];
  const rec = reconcile({ dataset: 'subscriptions', records: left }, { dataset: 'subscriptions', records: right }, { asOf: '2024-03-31', params });

  it('matches customers by id, normalised id, e-mail and name, with the rule recorded', () => {
    const rule = (l: string) => rec.pairs.find((p) => p.leftId === l)!;
    expect(rule('cus_001')).toMatchObject({ rightId: 'cus_001', match: 'id', confidence: 1 });
    expect(rule('cus_ABC-7')).toMatchObject({ rightId: 'ABC 7', match: 'normalized_id' });
    expect(rule('L-9')).toMatchObject({ rightId: 'crm-55', match: 'email' });
    expect(rule('X-1')).toMatchObject({ rightId: 'Z-77', match: 'name' });
    expect(rule('cus_007')).toMatchObject({ rightId: null, match: null });
    expect(rec.pairs.find((p) => p.rightId === 'cus_100')).toMatchObject({ leftId: null });
    expect(rule('cus_004').leftRows).toEqual([4]);
    expect(rule('cus_004').rightRows).toEqual([4]);
  });

  it('gives each customer its planted category and a bridge that adds up to R − L', () => {
    const cat = Object.fromEntries(rec.asOf.customers.map((c) => [c.leftId ?? c.rightId, c.category]));
    expect(cat).toEqual({
      cus_001: 'matched', 'cus_ABC-7': 'matched', 'L-9': 'matched', 'X-1': 'matched', cus_004: 'interval',
      cus_005: 'amount', cus_006: 'timing', cus_007: 'only_left', cus_100: 'only_right', cus_008: 'timing',
    });
    const expected = {
      matched: { customers: 4, leftMrr: 100 + 50 + 80 + 60, rightMrr: 100.004 + 50 + 80 + 60 },
      interval: { customers: 1, leftMrr: 100, rightMrr: 1200 },
      amount: { customers: 1, leftMrr: 90, rightMrr: 75 },
      timing: { customers: 2, leftMrr: 40, rightMrr: 20 },
      only_left: { customers: 1, leftMrr: 30, rightMrr: 0 },
      only_right: { customers: 1, leftMrr: 0, rightMrr: 10 },
    };
    for (const row of rec.asOf.bridge) {
      const e = expected[row.category];
      expect(row.customers, row.category).toBe(e.customers);
      expect(row.leftMrr, row.category).toBeCloseTo(e.leftMrr, 6);
      expect(row.rightMrr, row.category).toBeCloseTo(e.rightMrr, 6);
      expect(row.difference, row.category).toBeCloseTo(e.rightMrr - e.leftMrr, 6);
    }
    const leftTotal = 100 + 50 + 80 + 100 + 90 + 40 + 30 + 60;
    const rightTotal = 100.004 + 50 + 80 + 1200 + 75 + 20 + 10 + 60;
    expect(rec.asOf.leftMrr).toBeCloseTo(leftTotal, 6);
    expect(rec.asOf.rightMrr).toBeCloseTo(rightTotal, 6);
    expect(rec.asOf.period).toBe('2024-03-01');
  });

  it('has a series from the first month to the as-of month; February has no timing differences', () => {
    expect(rec.series[0]!.period).toBe('2023-01-01');
    expect(rec.series.at(-1)!.period).toBe('2024-03-01');
    expect(rec.series).toHaveLength(15);
    const feb = rec.series.find((s) => s.period === '2024-02-01')!;
    expect(feb.bridge.find((b) => b.category === 'timing')!.customers).toBe(0);
    // Timing window 0 turns the March cancellation/start differences into only_left/only_right.
    const strict = reconcile({ dataset: 'subscriptions', records: left }, { dataset: 'subscriptions', records: right }, { asOf: '2024-03-31', params: { ...params, timingDays: 0 } });
    expect(strict.asOf.bridge.find((b) => b.category === 'timing')!.customers).toBe(0);
  });

  it('reports many-to-one matches instead of summing them, and honours manual matches', () => {
    const l = [sub(1, 'A', 10, '2024-01-01', null, { email: 'x@y.z' })];
    const r = [sub(1, 'B', 10, '2024-01-01', null, { email: 'x@y.z' }), sub(2, 'C', 10, '2024-01-01', null, { email: 'X@y.z' })];
    const res = reconcile({ dataset: 'subscriptions', records: l }, { dataset: 'subscriptions', records: r }, { asOf: '2024-01-31', params });
    expect(res.pairs.find((p) => p.leftId === 'A')).toMatchObject({ rightId: 'B', alsoMatches: ['C'] });
    expect(res.issues.map((m) => messageText(m, 'en')).join()).toContain('also matches right C');
    expect(res.asOf.bridge.find((b) => b.category === 'only_right')!.rightMrr).toBe(10);
    const manual = reconcile({ dataset: 'subscriptions', records: l }, { dataset: 'subscriptions', records: r }, { asOf: '2024-01-31', params, manual: [{ leftId: 'A', rightId: 'C' }] });
    expect(manual.pairs.find((p) => p.leftId === 'A')).toMatchObject({ rightId: 'C', match: 'manual' });
  });

  it('normalises ids by case, separators and prefixes', () => {
    expect(normalizeId(' CUS_12-34 ')).toBe(normalizeId('1234'));
    expect(normalizeId('cust-0042')).toBe('0042');
    expect(normalizeId('ACME')).toBe('acme');
  });
});

describe('reconcile transactions and snapshots', () => {
  it('compares revenue per customer per month', () => {
    const tx = (row: number, c: string, v: number, date: string): ReconcileRecord => ({ row, customerId: c, value: v, date: d(date) });
    const l = [tx(1, 'a', 10, '2024-01-05'), tx(2, 'a', 5, '2024-01-20'), tx(3, 'b', 7, '2024-01-31')];
    const r = [tx(1, 'a', 15, '2024-01-10'), tx(2, 'b', 7, '2024-02-01')];
    const res = reconcile({ dataset: 'transactions', records: l }, { dataset: 'transactions', records: r }, { asOf: '2024-01-31', params });
    const cat = Object.fromEntries(res.asOf.customers.map((c) => [c.leftId, c.category]));
    expect(cat).toEqual({ a: 'matched', b: 'timing' });
  });
  it('uses the snapshot month', () => {
    const s = (row: number, c: string, v: number, m: string): ReconcileRecord => ({ row, customerId: c, value: v, start: d(m) });
    const res = reconcile({ dataset: 'mrr_snapshots', records: [s(1, 'a', 10, '2024-01-01'), s(2, 'a', 12, '2024-02-01')] },
      { dataset: 'mrr_snapshots', records: [s(1, 'a', 10, '2024-01-01'), s(2, 'a', 36, '2024-02-01')] }, { asOf: '2024-02-29', params });
    expect(res.series.map((x) => x.bridge.filter((b) => b.customers).map((b) => b.category))).toEqual([['matched'], ['interval']]);
  });
});

describe('bridge property', () => {
  it('categories add up to R − L in every period, and each active customer is counted once', () => {
    const rec = fc.record({ c: fc.integer({ min: 0, max: 15 }), v: fc.double({ min: -50, max: 5000, noNaN: true }), s: fc.integer({ min: 0, max: 200 }), len: fc.option(fc.integer({ min: 1, max: 300 })) });
    fc.assert(fc.property(fc.array(rec, { maxLength: 30 }), fc.array(rec, { maxLength: 30 }), (ls, rs) => {
      const base = d('2024-01-01');
      const mk = (xs: typeof ls, pre: string) => xs.map((x, i): ReconcileRecord => ({ row: i + 1, customerId: `${pre}${x.c}`, value: x.v, start: base + x.s, end: x.len === null ? null : base + x.s + x.len }));
      const res = reconcile({ dataset: 'subscriptions', records: mk(ls, 'cus_') }, { dataset: 'subscriptions', records: mk(rs, 'CUS-') }, { asOf: '2024-09-30', params });
      for (const p of res.series) {
        const micro = (x: number) => Math.round(x * 1e6);
        const sumDiff = p.bridge.reduce((a, b) => a + micro(b.difference), 0);
        expect(sumDiff).toBe(micro(p.rightMrr) - micro(p.leftMrr));
        expect(p.bridge.map((b) => b.category)).toEqual([...CATEGORIES]);
      }
      const n = res.asOf.bridge.reduce((a, b) => a + b.customers, 0);
      expect(n).toBe(res.asOf.customers.length);
    }), { numRuns: 200 });
  });
});

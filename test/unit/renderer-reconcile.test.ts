// The reconciliation view's pure helpers: the waterfall's bars (worked out by hand), the tables it
// offers and starts with, and the manual match list after a match or an unmatch.
import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../../src/shared/types';
import { reconcileWaterfall } from '../../src/renderer/lib/chartData';
import { counterparts, defaultPair, withManual } from '../../src/renderer/lib/reconcile';

const table = (name: string, dataset: string | null): TableInfo =>
  ({ name, source: `${name}.csv`, sheet: null, mapping: dataset ? { entry: { dataset, fields: {} } } : null } as unknown as TableInfo);

describe('reconcileWaterfall', () => {
  it('floats each category on the running total from the left total to the right total', () => {
    // 290 → +1100 → −5 → +90 → −40 → +35 = 1470
    const steps = reconcileWaterfall(290, 1470, [
      { category: 'matched', difference: 0 }, { category: 'interval', difference: 1100 }, { category: 'amount', difference: -5 },
      { category: 'timing', difference: 90 }, { category: 'only_left', difference: -40 }, { category: 'only_right', difference: 35 },
    ]);
    expect(steps).toEqual([
      { key: 'left', value: 290, base: 0, sign: 0 },
      { key: 'matched', value: 0, base: 290, sign: 1 },
      { key: 'interval', value: 1100, base: 290, sign: 1 },
      { key: 'amount', value: 5, base: 1385, sign: -1 },
      { key: 'timing', value: 90, base: 1385, sign: 1 },
      { key: 'only_left', value: 40, base: 1435, sign: -1 },
      { key: 'only_right', value: 35, base: 1435, sign: 1 },
      { key: 'right', value: 1470, base: 0, sign: 0 },
    ]);
  });
});

describe('reconcile view choices', () => {
  const tables = [table('events', 'events'), table('billing', 'subscriptions'), table('sales', 'transactions'), table('crm', 'subscriptions'), table('raw', null)];

  it('offers only tables of the same reconcilable dataset', () => {
    expect(counterparts(tables, tables[1]!).map((t) => t.name)).toEqual(['crm']);
    expect(counterparts(tables, tables[2]!)).toEqual([]);
    expect(counterparts(tables, tables[0]!)).toEqual([]);
  });

  it('starts with the requested table on the right, else the first pair of one dataset', () => {
    expect(defaultPair(tables, 'crm')).toEqual({ left: 'billing', right: 'crm' });
    expect(defaultPair(tables, null)).toEqual({ left: 'billing', right: 'crm' });
    expect(defaultPair(tables, 'sales')).toEqual({ left: 'billing', right: 'crm' });
    expect(defaultPair(tables.slice(0, 3), null)).toBeNull();
  });

  it('keeps one manual entry per customer', () => {
    let list = withManual([], { leftId: 'a', rightId: 'X' });
    list = withManual(list, { leftId: 'b', rightId: 'Y' });
    // Matching b with X takes X from a; unmatching a then records a alone.
    list = withManual(list, { leftId: 'b', rightId: 'X' });
    expect(list).toEqual([{ leftId: 'b', rightId: 'X' }]);
    list = withManual(list, { leftId: 'a', rightId: null });
    expect(list).toEqual([{ leftId: 'b', rightId: 'X' }, { leftId: 'a', rightId: null }]);
  });
});

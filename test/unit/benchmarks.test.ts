// Benchmarks are benchmarks (issue 9 item 6): every benchmark in the catalog is a figure with its
// source, and churn badges compare like with like — a monthly rate with a monthly band, an
// annual rate with the annual band — so the same churn reads the same on both cards.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { METRIC_BY_ID, METRICS } from '../../src/engine/metrics/catalog';
import { resolveParams } from '../../src/engine/metrics/params';
import { benchmarkLevel } from '../../src/renderer/lib/kpi';
import type { Benchmark } from '../../src/shared/types';
import type { MetricDef } from '../../src/engine/metrics/types';

const benchOf = (d: MetricDef, months: number, given: Record<string, unknown> = {}): Benchmark | null => {
  const b = d.benchmark;
  if (!b) return null;
  return typeof b === 'function' ? b(resolveParams(given), months) : b;
};
const monthly = (given: Record<string, unknown> = {}) => benchOf(METRIC_BY_ID.get('customer_churn_rate')!, 1, given)!;
const annual = () => benchOf(METRIC_BY_ID.get('customer_churn_rate_annualized')!, 1)!;

describe('benchmark text', () => {
  it('is a figure followed by its source, for every metric and period length', () => {
    let seen = 0;
    for (const d of METRICS) {
      for (const months of [1, 3, 12, 7 / 30.436875]) {
        const b = benchOf(d, months);
        if (!b) continue;
        seen++;
        expect(b.source.length, d.id).toBeGreaterThan(0);
        expect(b.text.endsWith(` — ${b.source}`), `${d.id}: ${b.text}`).toBe(true);
        expect(b.text, d.id).toMatch(/\d/); // a figure, not a remark
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
  it('carries no notes about the guides (those are in METRICS.md)', () => {
    for (const id of ['mrr', 'arr', 'arpa', 'csat', 'ces', 'clv', 'ticket_volume', 'customer_retention_rate']) {
      expect(benchOf(METRIC_BY_ID.get(id)!, 1), id).toBeNull();
    }
    expect(benchOf(METRIC_BY_ID.get('nps')!, 1)!.text).toBe('SaaS average NPS 41 — Thai guide');
  });
});

describe('churn badges compare like with like', () => {
  it('6.3 %/month and the 54.2 %/year it compounds to are both bad, not "Fair"', () => {
    // By hand: 1 − (1 − 0.063)^12 = 1 − 0.937^12 = 0.5420 (python3: 0.541990).
    expect(1 - (1 - 0.063) ** 12).toBeCloseTo(0.54199, 5);
    expect(benchmarkLevel(0.063, monthly())).toBe('bad');
    expect(benchmarkLevel(0.542, annual())).toBe('bad');
  });
  it('the monthly band is the annual 7 % converted the way churn is annualized', () => {
    // compound: 1 − 0.93^(1/12) = 0.006029…; linear: 0.07 / 12 = 0.005833…
    expect(monthly().good!.max).toBeCloseTo(0.0060295, 6);
    expect(monthly({ 'churn.annualize': 'linear' }).good!.max).toBeCloseTo(0.0058333, 6);
    expect(benchmarkLevel(0.005, monthly())).toBe('good');
    expect(benchmarkLevel(0.05, annual())).toBe('good');
    expect(benchmarkLevel(0.07, annual())).toBe('good'); // 7 %/yr is still acceptable
    expect(monthly().text).toContain('/mo');
    // A quarter gets a quarterly band: 1 − 0.93^(3/12) = 0.017977…
    expect(benchOf(METRIC_BY_ID.get('customer_churn_rate')!, 3)!.good!.max).toBeCloseTo(0.017977, 5);
    // A year-long period is compared with the annual band itself.
    expect(benchOf(METRIC_BY_ID.get('customer_churn_rate')!, 12)).toEqual(annual());
  });
  it('a monthly rate and its annualized rate always get the same badge', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 0.3, noNaN: true }), fc.constantFrom('compound', 'linear'), (m, rule) => {
      const yearly = rule === 'linear' ? 12 * m : 1 - (1 - m) ** 12;
      const a = benchmarkLevel(m, monthly({ 'churn.annualize': rule }));
      const b = benchmarkLevel(yearly, annual());
      // Floating rounding at the exact boundary aside, the two must agree.
      if (Math.abs(yearly - 0.07) > 1e-12) expect(a).toBe(b);
    }), { numRuns: 500 });
  });
});

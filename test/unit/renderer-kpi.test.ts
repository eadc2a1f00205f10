// KPI card logic: change against the previous period, tone, benchmark badges, grouping.
import { describe, expect, it } from 'vitest';
import { benchmarkLevel, changeTone, changeVsPrevious, groupByFamily } from '../../src/renderer/lib/kpi';
import { formatChange } from '../../src/shared/format';
import type { MetricResult, SeriesPoint } from '../../src/shared/types';

const s = (...pts: Array<[string, number | null]>): SeriesPoint[] => pts.map(([period, value]) => ({ period, value }));
const en = { locale: 'en-US' };

describe('changeVsPrevious', () => {
  it('amounts change relatively against the period before the current one', () => {
    const c = changeVsPrevious(s(['2024-01', 100], ['2024-02', 110], ['2024-03', 121]), '2024-03', 'currency');
    expect(c).toMatchObject({ kind: 'relative', direction: 'up', previousPeriod: '2024-02' });
    expect(c!.delta).toBeCloseTo(0.1, 12);
    expect(formatChange(c!, 'currency', en)).toBe('+10%');
  });

  it('uses the current period even when later points exist', () => {
    const c = changeVsPrevious(s(['2024-01', 200], ['2024-02', 150], ['2024-03', 999]), '2024-02', 'count');
    expect(c!.delta).toBeCloseTo(-0.25, 12);
    expect(c!.direction).toBe('down');
    expect(formatChange(c!, 'count', en)).toBe('-25%');
  });

  it('rates move in percentage points, NPS in points', () => {
    const r = changeVsPrevious(s(['q1', 0.05], ['q2', 0.064]), 'q2', 'ratio');
    expect(r!.kind).toBe('points');
    expect(r!.delta).toBeCloseTo(0.014, 12);
    expect(formatChange(r!, 'ratio', en)).toBe('+1.4 pp');
    const n = changeVsPrevious(s(['a', 41], ['b', 38]), 'b', 'nps');
    expect(n!.delta).toBe(-3);
    expect(formatChange(n!, 'nps', en)).toBe('-3 pts');
  });

  it('no change without a previous value, from zero, or for tables', () => {
    expect(changeVsPrevious(s(['a', 5]), 'a', 'count')).toBeNull();
    expect(changeVsPrevious(s(['a', null], ['b', 5]), 'b', 'count')).toBeNull();
    expect(changeVsPrevious(s(['a', 0], ['b', 5]), 'b', 'currency')).toBeNull();
    expect(changeVsPrevious(s(['a', 1], ['b', 2]), 'b', 'table')).toBeNull();
    // Zero to something is still a move in points for rates.
    expect(changeVsPrevious(s(['a', 0], ['b', 0.02]), 'b', 'ratio')!.delta).toBeCloseTo(0.02, 12);
  });

  it('a move below the shown precision is flat (it would read 0 %)', () => {
    expect(changeVsPrevious(s(['a', 29390], ['b', 29394]), 'b', 'currency')!.direction).toBe('flat'); // +0.014 %
    expect(changeVsPrevious(s(['a', 29000], ['b', 29394]), 'b', 'currency')!.direction).toBe('up'); // +1.4 %
    expect(changeVsPrevious(s(['a', 0.0501], ['b', 0.0503]), 'b', 'ratio')!.direction).toBe('flat'); // +0.02 pp
    expect(changeVsPrevious(s(['a', 0.05], ['b', 0.051]), 'b', 'ratio')!.direction).toBe('up'); // +0.1 pp
  });

  it('flat when equal', () => {
    const c = changeVsPrevious(s(['a', 3], ['b', 3]), 'b', 'duration');
    expect(c!.direction).toBe('flat');
    expect(changeTone('lower', c)).toBe('neutral');
  });
});

describe('changeTone', () => {
  const up = { kind: 'relative' as const, delta: 0.1, direction: 'up' as const, previousPeriod: 'x' };
  const down = { ...up, delta: -0.1, direction: 'down' as const };
  it('a rise is good news where higher is better, bad where lower is better', () => {
    expect(changeTone('higher', up)).toBe('good');
    expect(changeTone('higher', down)).toBe('bad');
    expect(changeTone('lower', up)).toBe('bad');
    expect(changeTone('lower', down)).toBe('good');
  });
  it('metrics that are neither, and no change, are neutral', () => {
    expect(changeTone('neither', up)).toBe('neutral');
    expect(changeTone('higher', null)).toBe('neutral');
  });
});

describe('benchmarkLevel', () => {
  const nrr = { text: '≥ 100 % excellent', source: 'test', good: { min: 1 } };
  it('inside the good band is good, inside the bad band bad, between them fair', () => {
    expect(benchmarkLevel(1.02, nrr)).toBe('good');
    expect(benchmarkLevel(1.0, nrr)).toBe('good'); // bounds are inclusive
    expect(benchmarkLevel(0.95, nrr)).toBe('fair');
    const churn = { text: '5–7 %/yr', source: 'test', good: { max: 0.07 }, bad: { min: 0.1 } };
    expect(benchmarkLevel(0.05, churn)).toBe('good');
    expect(benchmarkLevel(0.08, churn)).toBe('fair');
    expect(benchmarkLevel(0.12, churn)).toBe('bad');
  });
  it('words-only benchmarks give an info badge; no benchmark or no value gives none', () => {
    expect(benchmarkLevel(41, { text: 'SaaS average 41', source: 'test' })).toBe('info');
    expect(benchmarkLevel(null, { text: 'SaaS average 41', source: 'test' })).toBe('info');
    expect(benchmarkLevel(3, null)).toBeNull();
    expect(benchmarkLevel(null, nrr)).toBeNull();
  });
});

describe('groupByFamily', () => {
  const m = (id: string, family: MetricResult['family'], status: MetricResult['status']): MetricResult => ({
    id, label: id, family, unit: 'count', better: 'higher', value: null, period: 'p', status, missing: [], variant: null, benchmark: null,
    formula: '', sql: '', series: [], segments: [], stats: {},
  });
  it('orders families as the catalog and puts computed metrics first within one', () => {
    const groups = groupByFamily([
      m('nps', 'surveys', 'ok'), m('mrr', 'revenue', 'missing_inputs'), m('arr', 'revenue', 'ok'),
      m('arpa', 'revenue', 'not_applicable'), m('nrr', 'revenue', 'ok'),
    ]);
    expect(groups.map((g) => g.family)).toEqual(['revenue', 'surveys']);
    expect(groups[0]!.metrics.map((x) => x.id)).toEqual(['arr', 'nrr', 'arpa', 'mrr']);
  });
  it('families where nothing is computed yet go last', () => {
    const groups = groupByFamily([
      m('mrr', 'revenue', 'missing_inputs'), m('arr', 'revenue', 'missing_inputs'), m('avg_purchase_value', 'purchases', 'ok'),
      m('nps', 'surveys', 'missing_inputs'), m('backlog', 'support', 'not_applicable'),
    ]);
    expect(groups.map((g) => g.family)).toEqual(['purchases', 'support', 'revenue', 'surveys']);
  });
});

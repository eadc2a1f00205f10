// Metric metadata the cards rely on, from the one catalog: the English name (the KPI cards'
// English resource file and the report/CLI must agree — a finance user matching a card to a report
// row by name once found 22 of 70 differing, "CAC" on the card, "Customer acquisition cost" in
// the sheet) and which way is good news (a rise in churn or response time is shown as bad).
import { describe, expect, it } from 'vitest';
import en from '../../src/shared/i18n/en.json';
import { METRIC_BY_ID, METRICS } from '../../src/engine/metrics/catalog';
import { resolveParams } from '../../src/engine/metrics/params';

it('every catalog metric has the same English name on the cards as in the report', () => {
  const ui = (en as { metric: Record<string, string> }).metric;
  const differing = METRICS.filter((m) => ui[m.id] !== m.label).map((m) => `${m.id}: card "${ui[m.id]}" vs report "${m.label}"`);
  expect(differing).toEqual([]);
});

describe('which way is better', () => {
  const better = (id: string, params: Record<string, unknown> = {}) => {
    const b = METRIC_BY_ID.get(id)!.better ?? 'higher';
    return typeof b === 'function' ? b(resolveParams(params)) : b;
  };
  it('revenue and NPS up, churn, response times, backlog and costs down', () => {
    expect(['mrr', 'nps', 'nrr'].map((id) => better(id))).toEqual(['higher', 'higher', 'higher']);
    for (const id of ['customer_churn_rate', 'mrr_churn', 'snapshot_churn_rate', 'first_response_time', 'resolution_time', 'backlog', 'reopen_rate', 'cac']) {
      expect(better(id), id).toBe('lower');
    }
  });
  it('volumes and mixes are neither; CES follows its scale parameter', () => {
    for (const id of ['ticket_volume', 'channel_mix', 'response_count']) expect(better(id), id).toBe('neither');
    expect(better('ces', { 'ces.higher_is_better': true })).toBe('higher');
    expect(better('ces', { 'ces.higher_is_better': false })).toBe('lower');
  });
});

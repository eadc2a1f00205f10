// The guides' terms (TERMS.md) find their metrics: literal machine translations included.
import { describe, expect, it } from 'vitest';
import { GUIDE_TERMS } from '../../src/shared/i18n/guideTerms';
import { METRIC_BY_ID } from '../../src/engine/metrics/catalog';
import { metricMatches } from '../../src/renderer/components/KpiPanel';

describe('guide terms', () => {
  it('name metrics of the catalog', () => {
    expect(Object.keys(GUIDE_TERMS).filter((id) => !METRIC_BY_ID.has(id))).toEqual([]);
  });

  it.each([
    ['نرخ وضوح تماس اول', 'fcr_rate'], // "first-call clarity rate"
    ['อัตราการปั่นของลูกค้า', 'customer_churn_rate'], // "customer spinning rate"
    ['擴展 MMR', 'mrr_expansion'],
    ['درآمد تكراري ماهانه', 'mrr'], // Arabic yeh and kaf in a Persian term
    ['churn rate', 'customer_churn_rate'],
    ['淨推薦', 'nps'],
    ['backlog', 'backlog'],
  ])('"%s" finds %s', (query, id) => {
    expect(metricMatches({ id, label: METRIC_BY_ID.get(id)!.label }, query)).toBe(true);
  });

  it('an unrelated query finds nothing; an empty one finds everything', () => {
    expect(metricMatches({ id: 'mrr', label: 'MRR' }, 'زمان پاسخ')).toBe(false);
    expect(metricMatches({ id: 'mrr', label: 'MRR' }, '  ')).toBe(true);
  });
});

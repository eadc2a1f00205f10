// Survey scales follow the parameters end to end (file → mapping → metrics): the mapping keeps every
// score some scale choice can make valid, the surveys family applies the chosen one and counts the
// rest as invalid. Expected values are computed by hand from the file below.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';

// CES on a 1–10 ease scale: 9 and 10 are valid there, not on the default 1–7; 12 is on no scale.
const CSV = 'Date,Score,Survey\n'
  + '2024-06-03,9,CES\n2024-06-04,10,CES\n2024-06-05,3,CES\n2024-06-06,7,CES\n2024-06-07,12,CES\n';

async function cesWith(params: Record<string, unknown>) {
  const engine = await Engine.create();
  await engine.openFile({ source: 'ces.csv', bytes: new TextEncoder().encode(CSV) });
  const issues = await engine.setMapping({
    version: 1, params: {},
    tables: [{ source: 'ces.csv', dataset: 'survey_responses', fields: { score: 'Score', responded_at: 'Date', survey: 'Survey' } }],
  });
  const result = await engine.computeMetrics({ asOf: '2024-06-30', period: 'month', params, metrics: ['ces'] });
  return { issues, ces: result.metrics.find((m) => m.id === 'ces')! };
}

describe('survey scales follow the parameters', () => {
  it('ces.scale=1-10 counts 9 and 10: mean (9+10+3+7)/4 = 7.25, one invalid (12)', async () => {
    const { issues, ces } = await cesWith({ 'ces.scale': '1-10' });
    expect(ces.value).toBeCloseTo(29 / 4, 12);
    expect(ces.stats).toMatchObject({ valid: 4, invalid: 0, scale: '1-10' });
    // 12 lies outside every scale a CES survey can have: excluded by the mapping and reported with its row.
    expect(issues.find((i) => i.code === 'score_out_of_scale')).toMatchObject({ rows: [6], count: 1 });
  });

  it('the default 1-7 scale: mean (3+7)/2 = 5, and 9 and 10 counted invalid, not silently dropped', async () => {
    const { ces } = await cesWith({});
    expect(ces.value).toBeCloseTo(5, 12);
    expect(ces.stats).toMatchObject({ valid: 2, invalid: 2, scale: '1-7' });
  });
});

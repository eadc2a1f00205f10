import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { surveyMetrics, surveysFamily } from '../../src/engine/metrics/families/surveys';
import { translate, variantText } from '../../src/shared/i18n';
import { commentWords } from '../../src/engine/metrics/families/surveys-themes';
import { queryAll } from '../../src/engine/store/database';
import { messageText } from '../../src/shared/i18n/messages';
import { buildDb, contextOn, makeContext, ts, type Rows } from './metrics-service-fixtures';

const responses = (scores: Array<number | null>, survey: string | null, at = '2024-06-10 12:00', extra: Record<string, unknown> = {}): Rows =>
  scores.map((score) => ({ score, survey, responded_at: ts(at), ...extra }));

async function computeOn(rows: Rows, params: Record<string, unknown> = {}, asOf = '2024-06-30') {
  const ctx = await makeContext({ tables: { survey_responses: rows }, from: '2024-06-01', asOf, params });
  return { ctx, out: surveysFamily.compute(ctx) };
}

/** Independent reference: NPS from raw scores by the textbook definition. */
function referenceNps(scores: unknown[]): number | null {
  const valid = scores.filter((s): s is number => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= 10);
  if (!valid.length) return null;
  const prom = valid.filter((s) => s >= 9).length, det = valid.filter((s) => s <= 6).length;
  return (100 * (prom - det)) / valid.length;
}

describe('surveys: nps', () => {
  it('worked example 10,9,9,8,7,6,5,3,10,0 → 0 with counts and margin of error', async () => {
    const { out } = await computeOn(responses([10, 9, 9, 8, 7, 6, 5, 3, 10, 0], 'nps'));
    const nps = out.get('nps')!;
    expect(nps.value).toBe(0);
    expect(nps.stats).toMatchObject({ promoters: 4, passives: 2, detractors: 4, valid: 10, invalid: 0 });
    // p = d = 0.4, n = 10: 100 × 1.96 × √(0.8 / 10)
    expect(nps.stats!.margin_of_error as number).toBeCloseTo(196 * Math.sqrt(0.08), 9);
    const dist = Object.fromEntries(nps.table!.rows.map((r) => [r[0], r[1]]));
    expect(dist).toMatchObject({ 0: 1, 3: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 1: 0, invalid: 0 });
  });

  it('bands: 0 and 6 detractor, 7 and 8 passive, 9 and 10 promoter; −1, 11, 6.5, blank invalid and counted', async () => {
    const { out } = await computeOn(responses([0, 6, 7, 8, 9, 10, 10, -1, 11, 6.5, null], 'NPS'));
    const nps = out.get('nps')!;
    expect(nps.stats).toMatchObject({ promoters: 3, passives: 2, detractors: 2, valid: 7, invalid: 4 });
    expect(nps.value).toBeCloseTo(100 / 7, 10);
    expect(nps.notes!.join(' ')).toMatch(/4 NPS responses excluded.*\(test: 8, 9, 10, 11\)/);
    const bands = Object.fromEntries(nps.table!.rows.map((r) => [r[0], r[2]]));
    expect([bands[0], bands[6], bands[7], bands[8], bands[9], bands[10]]).toEqual(
      ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(out.get('response_count')!.value).toBe(7);
    expect(out.get('response_count')!.stats).toMatchObject({ nps: 7, nps_invalid: 4, invalid: 4 });
  });

  it('nps.scale 1-10 makes 0 invalid; custom bands move the thresholds', async () => {
    const { out } = await computeOn(responses([0, 1, 10, 10, 8], 'nps'), { 'nps.scale': '1-10' });
    expect(out.get('nps')!.stats).toMatchObject({ valid: 4, invalid: 1, promoters: 2, detractors: 1 });
    expect(out.get('nps')!.value).toBeCloseTo(25, 10);
    const { out: o2 } = await computeOn(responses([8, 8, 7, 5], 'nps'), { 'nps.promoter_min': 8, 'nps.detractor_max': 5 });
    expect(o2.get('nps')!.value).toBeCloseTo(25, 10); // 2 promoters (8), 1 detractor (5) of 4
  });

  it('series per period and null where no response (not 0)', async () => {
    const rows = [...responses([10, 10, 0], 'nps', '2024-04-03 08:00'), ...responses([9, 6], 'nps', '2024-06-20 10:00')];
    const ctx = await makeContext({ tables: { survey_responses: rows }, from: '2024-04-01', asOf: '2024-06-30' });
    const nps = surveysFamily.compute(ctx).get('nps')!;
    expect(nps.series.map((x) => x.period)).toEqual(['2024-04', '2024-05', '2024-06']);
    expect(nps.series[0]!.value).toBeCloseTo((100 * (2 - 1)) / 3, 10);
    expect(nps.series[1]!.value).toBeNull();
    expect(nps.series[2]!.value).toBe(0);
  });

  it('rows after the as-of date are not counted', async () => {
    const rows = [...responses([10], 'nps', '2024-06-10'), ...responses([0, 0], 'nps', '2024-06-25')];
    const { out } = await computeOn(rows, {}, '2024-06-15');
    expect(out.get('nps')!.value).toBe(100);
  });

  it('property: NPS stays within −100…100 and equals the textbook definition for any scores', async () => {
    const db = await buildDb({ survey_responses: [] });
    const score = fc.oneof(fc.integer({ min: -3, max: 13 }), fc.double({ min: -2, max: 12, noNaN: true }), fc.constant(null));
    await fc.assert(fc.asyncProperty(fc.array(score, { minLength: 0, maxLength: 40 }), async (scores) => {
      db.run('DELETE FROM n_survey_responses');
      const { insertNormalizedRows } = await import('../../src/engine/mapping/normalizedSchema');
      insertNormalizedRows(db, 'survey_responses', responses(scores, 'nps'));
      const ctx = contextOn(db, { tables: { survey_responses: [] }, mapped: { survey_responses: ['score', 'responded_at', 'survey'] }, from: '2024-06-01', asOf: '2024-06-30' });
      const v = surveysFamily.compute(ctx).get('nps')!.value ?? null;
      const ref = referenceNps(scores);
      if (ref === null) expect(v).toBeNull();
      else {
        expect(v).not.toBeNull();
        expect(v!).toBeGreaterThanOrEqual(-100);
        expect(v!).toBeLessThanOrEqual(100);
        expect(v!).toBeCloseTo(ref, 9);
      }
    }), { numRuns: 60 });
  });
});

describe('surveys: csat, ces, esat, response counts', () => {
  it('worked example: 50 responses on 1–10, 40 of them 6–10 → 0.80 (scale detected)', async () => {
    const scores = [...Array(40).fill(0).map((_, i) => 6 + (i % 5)), ...Array(10).fill(0).map((_, i) => 1 + (i % 5))];
    const { out } = await computeOn(responses(scores, 'csat'));
    expect(out.get('csat')!.value).toBeCloseTo(0.8, 12);
    expect(out.get('csat')!.stats).toMatchObject({ positive: 40, valid: 50, scale: '1-10', positive_min: 6 });
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect(out.get('csat_mean')!.value).toBeCloseTo(mean, 12);
  });

  it('worked example: 50 responses on 1–5, 35 positive → 0.70', async () => {
    const scores = [...Array(20).fill(5), ...Array(15).fill(4), ...Array(8).fill(3), ...Array(7).fill(1)];
    const { out } = await computeOn(responses(scores, 'CSAT'));
    expect(out.get('csat')!.value).toBeCloseTo(0.7, 12);
    expect(out.get('csat')!.stats).toMatchObject({ scale: '1-5', positive_min: 4 });
  });

  it('csat.positive_min and csat.scale parameters; out-of-scale scores invalid', async () => {
    const { out } = await computeOn(responses([5, 4, 3, 3, 6, 0], 'csat'), { 'csat.scale': '1-5', 'csat.positive_min': 3 });
    expect(out.get('csat')!.stats).toMatchObject({ valid: 4, invalid: 2, positive: 4 });
    expect(out.get('csat')!.value).toBe(1);
  });

  it('ces mean with direction note; esat like csat; mixed survey labels in one table', async () => {
    const rows = [
      ...responses([7, 6, 2], 'Customer Effort Score'),
      ...responses([5, 2, 4, 12], 'eSat'),
      ...responses([10, 0], 'Net Promoter Score'),
      ...responses([3], 'weird survey'),
    ];
    const { out } = await computeOn(rows);
    expect(out.get('ces')!.value).toBeCloseTo(5, 12);
    expect(out.get('ces')!.notes!.join(' ')).toMatch(/higher is better/);
    expect(out.get('esat')!.value).toBeCloseTo(2 / 3, 12); // 12 is outside the detected 1–5 scale
    expect(out.get('esat')!.stats).toMatchObject({ invalid: 1 });
    expect(out.get('nps')!.value).toBe(0);
    expect(out.get('response_count')!.value).toBe(3 + 3 + 2);
    expect(out.get('nps')!.notes!.join(' ')).toMatch(/unknown survey type.*weird survey/);
    const { out: eff } = await computeOn(responses([1, 2], 'ces'), { 'ces.higher_is_better': false });
    expect(eff.get('ces')!.notes!.join(' ')).toMatch(/lower is better/);
  });

  it('notes are messages (note.survey.*) in every language, plural by the count, data names as values', async () => {
    const rows = [
      ...responses([7, 6, 2, 9], 'Customer Effort Score'),
      ...responses([5, 4, 11], 'csat'),
      ...responses([3], 'weird survey'),
    ];
    const { out } = await computeOn(rows);
    const keys = (id: string) => out.get(id)!.noteMessages!.map((m) => m?.key);
    expect(keys('ces')).toEqual(['note.survey.unknownType', 'note.survey.cesDirection.ease', 'note.survey.invalidExcluded']);
    expect(keys('csat')).toEqual(['note.survey.unknownType', 'note.survey.scale.detected', 'note.survey.invalidExcluded']);
    const ces = out.get('ces')!;
    const unknown = ces.noteMessages![0]!, excluded = ces.noteMessages![2]!;
    expect(unknown.values).toEqual({ types: '"weird survey" (1)' });
    expect(excluded.values).toMatchObject({ n: 1, survey: 'CES', period: '2024-06' });
    // The English notes are the messages in English: one response, singular.
    expect(ces.notes![2]).toBe(messageText(excluded, 'en'));
    expect(ces.notes![2]).toMatch(/^1 CES response excluded in 2024-06: score blank, not a whole number or outside the scale \(test: \d+\)\.$/);
    expect(messageText(unknown, 'fa')).toBe('پاسخ‌هایی با نوع نظرسنجی ناشناخته کنار گذاشته شدند: \u2068"weird survey" (1)\u2069.');
    expect(messageText(excluded, 'fa')).toMatch(/^\u2068۱\u2069 پاسخ \u2068CES\u2069 در \u20682024-06\u2069 کنار گذاشته شد: /);
    expect(messageText(excluded, 'zh-Hant')).toMatch(/^已排除 2024-06 的 1 筆 CES 回覆：分數空白、不是整數或超出量表（test: \d+）。$/);
    expect(messageText(excluded, 'zh-Hans')).toMatch(/^已排除 2024-06 的 1 条 CES 答复：分数为空/);
    expect(messageText(ces.noteMessages![1]!, 'zh-Hant')).toBe('CES 量表 1–7：越高越好（容易度量表）（ces.higher_is_better）。');
    const scale = out.get('csat')!.noteMessages![1]!;
    expect(scale.values).toEqual({ survey: 'CSAT', min: 1, max: 5, positiveMin: 4 });
    expect(messageText(scale, 'fa')).toBe('مقیاس \u2068CSAT\u2069: \u2068۱\u2069 تا \u2068۵\u2069 (تشخیص‌داده‌شده از داده‌ها)؛ مثبت = امتیاز ≥ \u2068۴\u2069.');
    // Several invalid responses: the plural form.
    const counted = out.get('response_count')!.noteMessages!.find((m) => m?.key === 'note.survey.invalidNotCounted')!;
    expect(counted.values).toEqual({ n: 2, period: '2024-06' });
    expect(messageText(counted, 'en')).toBe('2 invalid responses in 2024-06 (blank, not a whole number or outside the scale) not counted.');
    expect(messageText(counted, 'zh-Hant')).toBe('2024-06 有 2 筆無效回覆（空白、不是整數或超出量表）未計入。');
    // No survey type: typed by the score range, said in the reader's language.
    const { out: untyped } = await computeOn(responses([5, 4, 1], null));
    const noType = untyped.get('csat')!.noteMessages![0]!;
    expect(noType).toEqual({ key: 'note.survey.noType', values: { n: 3, survey: 'CSAT', lo: 1, hi: 5 } });
    expect(messageText(noType, 'zh-Hant')).toBe('3 筆回覆沒有問卷類型；依其分數範圍（1–5）視為 CSAT。');
    expect(messageText(noType, 'fa')).toContain('نوع نظرسنجی ندارند');
  });

  it('the CES variant is an id (ease, effort) named in every language', () => {
    const ces = surveyMetrics.find((m) => m.id === 'ces')!;
    expect([ces.variant!({}), ces.variant!({ 'ces.higher_is_better': false })]).toEqual(['ease', 'effort']);
    const name = (language: string, v: string) => variantText((k, vars, fallback) => translate(language, k, vars, fallback), v);
    expect(name('en', 'effort')).toBe('Effort (lower is better)');
    expect(name('fa', 'ease')).toBe('سهولت (بیشتر بهتر است)');
    expect(name('zh-Hant', 'effort')).toBe('費力度（越低越好）');
    expect(name('zh-Hans', 'effort')).toBe('费力度（越低越好）');
  });

  it('responses without a survey type are typed by their score range', async () => {
    const { out } = await computeOn(responses([5, 4, 1], null));
    expect(out.get('csat')!.value).toBeCloseTo(2 / 3, 12);
    expect(out.get('csat')!.notes!.join(' ')).toMatch(/no survey type; taken as CSAT/);
  });

  it('zero valid responses → null, never 0', async () => {
    const { out } = await computeOn(responses([11, -1], 'csat'));
    expect(out.get('csat')!.value).toBeNull();
    expect(out.get('nps')!.value).toBeNull();
  });

  it('property: response_count over segments sums to the total', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ score: fc.integer({ min: -1, max: 11 }), seg: fc.constantFrom('a', 'b', 'c'), d: fc.integer({ min: 1, max: 60 }) }), { maxLength: 30 }),
      async (items) => {
        const rows = items.map((x) => ({ score: x.score, survey: 'nps', responded_at: ts('2024-05-01') + x.d * 86400, _seg: x.seg }));
        const db = await buildDb({ survey_responses: rows });
        const f = { tables: { survey_responses: rows }, mapped: { survey_responses: ['score', 'responded_at', 'survey'] }, from: '2024-05-01', asOf: '2024-06-30' };
        const total = surveysFamily.compute(contextOn(db, f)).get('response_count')!.series;
        const parts = ['a', 'b', 'c'].map((s) => surveysFamily.compute(contextOn(db, { ...f, segmentValue: s })).get('response_count')!.series);
        total.forEach((pt, i) => expect(parts.reduce((a, p) => a + (p[i]!.value ?? 0), 0)).toBe(pt.value));
      }), { numRuns: 20 });
  });
});

describe('surveys: feedback themes', () => {
  it('splits Thai and Chinese comments into words and drops Persian/English stop-words', () => {
    expect(commentWords('บริการดีมาก')).toEqual(['บริการ', 'ดี', 'มาก']);
    expect(commentWords('服務很好，價格太貴')).toEqual(expect.arrayContaining(['服務', '價格', '貴']));
    expect(commentWords('پشتیبانی خیلی خوب بود و سریع')).toEqual(['پشتیبانی', 'خوب', 'سریع']);
    expect(commentWords('The support was very fast')).toEqual(['support', 'fast']);
  });

  it('themes per NPS band, drill-down lists the comments', async () => {
    const rows: Rows = [
      { score: 10, survey: 'nps', responded_at: ts('2024-06-02'), comment: 'بارسالت سریع بود، پشتیبانی عالی' },
      { score: 9, survey: 'nps', responded_at: ts('2024-06-03'), comment: 'پشتیبانی عالی و سریع' },
      { score: 10, survey: 'nps', responded_at: ts('2024-06-04'), comment: 'บริการดีมาก' },
      { score: 2, survey: 'nps', responded_at: ts('2024-06-05'), comment: '價格太貴，服務很慢' },
      { score: 3, survey: 'nps', responded_at: ts('2024-06-06'), comment: '價格太貴' },
      { score: 7, survey: 'nps', responded_at: ts('2024-06-07'), comment: 'ok but slow support' },
      { score: 8, survey: 'nps', responded_at: ts('2024-06-08'), comment: '   ' },
      { score: 99, survey: 'nps', responded_at: ts('2024-06-09'), comment: 'broken score' },
    ];
    const db = await buildDb({ survey_responses: rows });
    const ctx = contextOn(db, { tables: { survey_responses: rows }, from: '2024-06-01', asOf: '2024-06-30' });
    const th = surveysFamily.compute(ctx).get('feedback_themes')!;
    expect(th.value).toBe(7);
    expect(th.stats).toMatchObject({ promoters: 3, detractors: 2, passives: 1, unscored: 1 });
    const get = (band: string, term: string) => th.table!.rows.find((r) => r[0] === band && r[1] === term);
    expect(get('promoters', 'پشتیبانی')![3]).toBe(2);
    expect(get('promoters', 'سریع')![3]).toBe(2);
    expect(get('promoters', 'บริการ')![3]).toBe(1);
    expect(get('promoters', 'มาก')).toBeTruthy();
    expect(get('detractors', '價格')![3]).toBe(2);
    expect(get('detractors', '太貴')![3]).toBe(2); // a phrase found in two comments
    expect(get('detractors', '貴服務')).toBeUndefined(); // never across punctuation
    expect(get('passives', 'slow')).toBeTruthy();
    const drill = surveysFamily.drill(ctx, 'feedback_themes', ctx.current)!;
    expect(queryAll(db, drill.sql).map((r) => r._row).sort()).toEqual([1, 2, 3, 4, 5, 6, 8]);
  });
});

// CLV models against the published results: BG/NBD and Gamma-Gamma on the CDNOW 1/10 sample
// (Fader, Hardie & Lee 2005; Fader & Hardie 2013 note), sBG on the two segments of Fader &
// Hardie (2007), plus properties the models must have.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize, type Purchase } from '../../src/engine/metrics/clv-models/rfm';
import { fitBgNbd, pAlive, expectedPurchases } from '../../src/engine/metrics/clv-models/bgnbd';
import { fitGammaGamma, expectedAverageValue } from '../../src/engine/metrics/clv-models/gamma-gamma';
import { fitSbg, fitSbgLifetimes, sbgSurvival, sbgDerl, type Lifetime } from '../../src/engine/metrics/clv-models/sbg';
import { hyp2f1 } from '../../src/engine/metrics/clv-models/special';
import { analyzePurchaseClv, NO_REPEAT_NOTE } from '../../src/engine/metrics/clv-models/clv';
import { datasetPath, hasDatasets } from '../realDatasets';
import { messageText } from '../../src/shared/i18n/messages';

const CDNOW = datasetPath('cdnow-sample.txt');
const HAS_CDNOW = hasDatasets('clv-models', 'cdnow-sample.txt');
const dayNumber = (yyyymmdd: string) => Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)) / 86_400_000;

function cdnowPurchases(): Purchase[] {
  // Describe bodies run even when skipped: without the file there is nothing to read.
  if (!HAS_CDNOW) return [];
  // columns: master id, sample id, date YYYYMMDD, CDs bought, dollar value
  return readFileSync(CDNOW, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const [, id, date, , amount] = l.trim().split(/\s+/);
    return { customer: id, day: dayNumber(date), amount: Number(amount) };
  });
}

const sig3 = (actual: number, published: number) => expect(Number(actual.toPrecision(3))).toBe(Number(published.toPrecision(3)));

describe.runIf(HAS_CDNOW)('BG/NBD and Gamma-Gamma on CDNOW 1/10 (weeks, calibration to 1997-09-30)', () => {
  const summary = summarize(cdnowPurchases(), dayNumber('19970930'), 7, dayNumber('19980630'));
  const bg = fitBgNbd(summary);
  it('has the 2,357 customers of the cohort', () => {
    expect(summary.length).toBe(2357);
    // FHL 2005: 1,411 of them made no repeat purchase in the 39 calibration weeks
    expect(summary.filter((c) => c.x === 0).length).toBe(1411);
  });
  it('recovers r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4', () => {
    expect(bg.converged).toBe(true);
    sig3(bg.params.r, 0.243); sig3(bg.params.alpha, 4.414); sig3(bg.params.a, 0.793); sig3(bg.params.b, 2.426);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 1);
    for (const se of Object.values(bg.stdErrors)) expect(se).toBeGreaterThan(0);
  });
  it('Gamma-Gamma on the 946 repeaters: p = 6.25, q = 3.74, ν = 15.44', () => {
    const gg = fitGammaGamma(summary);
    expect(gg.repeaters).toBe(946);
    expect(gg.converged).toBe(true);
    sig3(gg.params.p, 6.25); sig3(gg.params.q, 3.74); sig3(gg.params.v, 15.44);
    // the conditional mean lies between the population mean and the customer's own mean
    const pop = (gg.params.p * gg.params.v) / (gg.params.q - 1);
    const e = expectedAverageValue(gg.params, { x: 2, mx: 100 });
    expect(e).toBeGreaterThan(pop); expect(e).toBeLessThan(100);
  });
  it('P(alive) = 1 without repeats; expected purchases grow with the horizon', () => {
    for (const c of summary.filter((s) => s.x === 0).slice(0, 50)) expect(pAlive(bg.params, c)).toBe(1);
    for (const c of summary.slice(0, 200)) {
      const e = [13, 26, 39, 52].map((t) => expectedPurchases(bg.params, c, t));
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
    }
  });
  it('FHL 2005 example: customer with x=2, tx=30.43, T=38.86 expects 1.226 purchases in 39 weeks', () => {
    // published parameters, so this checks the conditional expectation formula alone
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(expectedPurchases(p, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 2);
  });
  it('holdout weeks 40–78: 1,882 actual repeat purchase days, 1,654 predicted', () => {
    const actual = summary.reduce((s, c) => s + (c.holdout ?? 0), 0);
    const predicted = summary.reduce((s, c) => s + expectedPurchases(bg.params, c, 39), 0);
    expect(actual).toBe(1882);
    // scipy's hyp2f1 with the published parameters, computed outside this code, gives 1,653.9:
    // BG/NBD under-forecasts this holdout by about 12 %, as the tracking plots of FHL 2005 show
    expect(predicted).toBeGreaterThan(1640);
    expect(predicted).toBeLessThan(1668);
  });
});

describe('shifted-beta-geometric, Fader & Hardie (2007) example', () => {
  // FH 2007 Table 1 (% surviving per 1,000): regular years 5–7 are 28.9, 26.2, 24.1 %; the series
  // 275, 246, 231 quoted in our issue gives α = 0.763, β = 1.29, not the published fit.
  const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
  const highEnd = [1000, 869, 743, 653, 593, 551, 517, 491];
  it('regular segment: α = 0.704, β = 1.182 (years 1–7)', () => {
    const f = fitSbg(regular);
    expect(f.converged).toBe(true);
    expect(f.params.alpha).toBeCloseTo(0.704, 3);
    expect(f.params.beta).toBeCloseTo(1.182, 3);
  });
  it('high-end segment: α = 0.668, β = 3.806', () => {
    const f = fitSbg(highEnd);
    expect(f.converged).toBe(true);
    expect(f.params.alpha).toBeCloseTo(0.668, 3);
    expect(f.params.beta).toBeCloseTo(3.806, 3);
  });
  it('survival by the recursion S(t) = S(t−1)·(β+t−1)/(α+β+t−1)', () => {
    const p = { alpha: 0.704, beta: 1.182 };
    let s = 1;
    for (let t = 1; t <= 12; t++) {
      s *= (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
      expect(sbgSurvival(p, t)).toBeCloseTo(s, 12);
    }
  });
  it('DERL matches the closed form (β+n)/(α+β+n)·2F1(1, β+n+1; α+β+n+1; 1/(1+d))', () => {
    const p = { alpha: 0.668, beta: 3.806 }, d = 0.1;
    for (const n of [0, 1, 4]) {
      const closed = ((p.beta + n) / (p.alpha + p.beta + n)) * hyp2f1(1, p.beta + n + 1, p.alpha + p.beta + n + 1, 1 / (1 + d));
      expect(sbgDerl(p, d, n)).toBeCloseTo(closed, 8);
    }
  });
  it('per-customer lifetimes (churned at a renewal or still active) give the same fit as the curve', () => {
    const lifetimes: Lifetime[] = [];
    for (let t = 1; t < highEnd.length; t++) for (let k = 0; k < highEnd[t - 1] - highEnd[t]; k++) lifetimes.push({ renewals: t - 1, churned: true });
    for (let k = 0; k < highEnd[highEnd.length - 1]; k++) lifetimes.push({ renewals: highEnd.length - 1, churned: false });
    const f = fitSbgLifetimes(lifetimes);
    expect(f.params.alpha).toBeCloseTo(0.668, 3);
    expect(f.params.beta).toBeCloseTo(3.806, 3);
  });
  it('rejects counts that are no survival curve, naming the count', () => {
    expect(() => fitSbg([100, 80, 90])).toThrow(/count 2 \(90\) exceeds count 1/);
  });
});

describe.runIf(HAS_CDNOW)('purchase CLV analysis on CDNOW', () => {
  const base = { calibrationEnd: dayNumber('19970930'), holdoutEnd: dayNumber('19980630'), timeUnit: 'week' as const, horizon: 52, annualDiscount: 0.1 };
  const purchases = cdnowPurchases();
  const half = analyzePurchaseClv(purchases, { ...base, margin: 0.5 });
  const full = analyzePurchaseClv(purchases, { ...base, margin: 1 });
  it('fits without problems and flags P(alive) = 1 customers', () => {
    expect(half.problems).toEqual([]);
    expect(half.customers).toBe(2357);
    const flagged = half.perCustomer.filter((c) => c.note === NO_REPEAT_NOTE);
    expect(flagged.length).toBe(1411);
    expect(flagged.every((c) => c.p_alive === 1 && c.frequency === 0)).toBe(true);
  });
  it('CLV scales linearly with the margin', () => {
    half.perCustomer.forEach((c, i) => expect(full.perCustomer[i].clv!).toBeCloseTo(2 * c.clv!, 9));
  });
  it('holdout MAE and buckets agree with a direct per-customer reference', () => {
    const summary = summarize(purchases, base.calibrationEnd, 7, base.holdoutEnd);
    const p = half.fit.params;
    const errs = summary.map((c) => Math.abs((c.holdout ?? 0) - expectedPurchases(p, c, 39)));
    expect(half.holdout!.mae).toBeCloseTo(errs.reduce((s, e) => s + e, 0) / errs.length, 10);
    expect(half.holdout!.actual).toBe(1882);
    const zero = half.holdout!.byFrequency[0];
    expect(zero.frequency).toBe('0');
    expect(zero.customers).toBe(1411);
  });
  it('undiscounted CLV with margin 1 over the horizon equals expected purchases × expected value', () => {
    const flat = analyzePurchaseClv(purchases, { ...base, annualDiscount: 0, margin: 1 });
    for (const c of flat.perCustomer.slice(0, 100)) expect(c.clv!).toBeCloseTo(c.expected_purchases * c.expected_value!, 8);
    // discounting only lowers it
    flat.perCustomer.slice(0, 100).forEach((c, i) => expect(full.perCustomer[i].clv!).toBeLessThan(c.clv! + 1e-12));
  });
});

describe('RFM summary', () => {
  it('merges same-day lines, never counts a return-only day, keeps zero-value sales, by hand', () => {
    const p = (customer: string, day: number, amount: number, isReturn?: boolean): Purchase => ({ customer, day, amount, isReturn });
    const rows = summarize([
      p('A', 0, 10), p('A', 0, 5), // first purchase: one day, 15
      p('A', 7, 20), p('A', 7, -4), // repeat day 7: 20 net of a 4 return = 16
      p('A', 14, -8), // only a return: no purchase
      p('A', 21, 0), // a free item is still a purchase
      p('A', 40, 30), // after the calibration end (28), before the holdout end (56)
      p('A', 70, 30), // after the holdout end: ignored
      p('B', 30, 50), // first purchase after the calibration end: not in the cohort
      p('C', 7, 12, true), p('C', 7, 9), // a refund by type nets against the same day's sale
    ], 28, 7, 56);
    expect(rows).toEqual([
      { customer: 'A', x: 2, tx: 3, T: 4, mx: 8, holdout: 1 },
      { customer: 'C', x: 0, tx: 0, T: 3, mx: 0, holdout: 0 },
    ]);
  });
});

describe('CLV problems as messages', () => {
  it('too few customers: the message, its English text and its Persian and Chinese texts', () => {
    // 3 customers, one of them with a repeat purchase: too few for BG/NBD and for Gamma-Gamma.
    const purchases: Purchase[] = [
      { customer: 'a', day: 100, amount: 10 }, { customer: 'a', day: 130, amount: 12 },
      { customer: 'b', day: 110, amount: 8 }, { customer: 'c', day: 120, amount: 20 },
    ];
    const r = analyzePurchaseClv(purchases, { calibrationEnd: 200, holdoutEnd: null, timeUnit: 'week', horizon: 52, annualDiscount: 0.1, margin: 1 });
    const keys = r.problems.map((p) => p.key);
    expect(keys[0]).toBe('clvModel.problem.fewCustomers');
    expect(keys).toContain('clvModel.problem.fewRepeaters');
    expect(messageText(r.problems[0]!, 'en')).toBe('only 3 customers bought by the calibration end; BG/NBD needs many more to be estimated');
    expect(messageText(r.problems.find((p) => p.key === 'clvModel.problem.fewRepeaters')!, 'en')).toBe('only 1 customer with repeat purchases: no Gamma-Gamma spend model');
    expect(messageText(r.problems[0]!, 'fa')).toContain('\u2068۳\u2069');
    expect(messageText(r.problems[0]!, 'fa')).not.toMatch(/customers|only/);
    expect(messageText(r.problems[0]!, 'zh-Hant')).toContain('顧客');
  });
});

// Predictive CLV for purchase data: RFM summary → BG/NBD (transactions) + Gamma-Gamma (spend) →
// per-customer P(alive), expected purchases, expected value and discounted CLV; with a holdout,
// the standard validation (actual vs predicted per customer, by calibration frequency, MAE).
import type { TextMessage } from '../../../shared/types';
import { msg } from '../formula';
import { summarize, type CustomerSummary, type Purchase } from './rfm';
import { expectedPurchases, fitBgNbd, pAlive, type BgNbdFit } from './bgnbd';
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma';

export const TIME_UNIT_DAYS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type ClvTimeUnit = keyof typeof TIME_UNIT_DAYS;

export interface PurchaseClvOptions {
  /** Inclusive day numbers. */
  calibrationEnd: number;
  holdoutEnd: number | null;
  timeUnit: ClvTimeUnit;
  /** Prediction horizon in time units. */
  horizon: number;
  /** Annual discount rate (0.1 = 10 % a year), converted to the time unit. */
  annualDiscount: number;
  /** Gross margin applied to the expected value (0..1). */
  margin: number;
}

export interface CustomerPrediction {
  customer_id: string;
  frequency: number;
  recency: number;
  T: number;
  p_alive: number;
  expected_purchases: number;
  expected_value: number | null;
  clv: number | null;
  /** Why a figure needs reading with care (P(alive) = 1 without repeats). */
  note: string | null;
}

export interface FrequencyBucket { frequency: string; customers: number; actual: number; predicted: number }

export interface PurchaseClvResult {
  model: 'bg_nbd';
  fit: BgNbdFit;
  gammaGamma: GammaGammaFit | null;
  customers: number;
  holdout: { actual: number; predicted: number; mae: number; periods: number; byFrequency: FrequencyBucket[] } | null;
  perCustomer: CustomerPrediction[];
  /** Problems that make a figure unusable (non-convergence, too few customers). */
  problems: TextMessage[];
}

export const NO_REPEAT_NOTE = 'no repeat purchase yet: BG/NBD lets customers drop out only after a purchase, so P(alive) is 1 by construction';

/** Per-time-unit discount rate equivalent to an annual one. */
const unitDiscount = (annual: number, unit: ClvTimeUnit) => Math.pow(1 + annual, TIME_UNIT_DAYS[unit] / 365.25) - 1;

export function analyzePurchaseClv(purchases: readonly Purchase[], o: PurchaseClvOptions): PurchaseClvResult {
  const unit = TIME_UNIT_DAYS[o.timeUnit];
  if (o.holdoutEnd !== null && o.holdoutEnd <= o.calibrationEnd) throw new Error('the holdout end must be after the calibration end');
  if (!(o.horizon > 0)) throw new Error(`the horizon must be > 0 time units; got ${o.horizon}`);
  const summary = summarize(purchases, o.calibrationEnd, unit, o.holdoutEnd);
  const problems: TextMessage[] = [];
  if (summary.length < 10) problems.push(msg('clvModel.problem.fewCustomers', { n: summary.length }));
  const fit = fitBgNbd(summary);
  if (!fit.converged) {
    const { a, b } = fit.params;
    // a → 0 with b → ∞ is the boundary where the dropout probability is 0: BG/NBD becomes the NBD
    const boundary = a < 1e-3 || b > 1e5;
    problems.push(msg(boundary ? 'clvModel.problem.bgNbdNoDropout' : 'clvModel.problem.bgNbdNotConverged', { reason: fit.problem! }));
  }
  const repeaters = summary.filter((c) => c.x > 0 && c.mx > 0).length;
  let gg: GammaGammaFit | null = null;
  if (repeaters >= 10) {
    gg = fitGammaGamma(summary);
    if (!gg.converged) problems.push(msg('clvModel.problem.gammaGammaNotConverged', { reason: gg.problem! }));
    else if (gg.params.q <= 1) problems.push(msg('clvModel.problem.gammaGammaInfiniteMean', { q: { number: gg.params.q, fractionDigits: 3 } }));
  } else problems.push(msg('clvModel.problem.fewRepeaters', { n: repeaters }));
  const spendUsable = gg !== null && gg.converged && gg.params.q > 1;
  const usable = fit.converged;
  const d = unitDiscount(o.annualDiscount, o.timeUnit);

  const perCustomer = summary.map((c): CustomerPrediction => {
    const expected = usable ? expectedPurchases(fit.params, c, o.horizon) : Number.NaN;
    const value = spendUsable ? expectedAverageValue(gg!.params, c) : null;
    return {
      customer_id: c.customer,
      frequency: c.x, recency: c.tx, T: c.T,
      p_alive: usable ? pAlive(fit.params, c) : Number.NaN,
      expected_purchases: expected,
      expected_value: value,
      clv: usable && value !== null ? discountedPurchases(fit, c, o.horizon, d) * value * o.margin : null,
      note: c.x === 0 ? NO_REPEAT_NOTE : null,
    };
  });
  return { model: 'bg_nbd', fit, gammaGamma: gg, customers: summary.length, holdout: usable && o.holdoutEnd !== null ? holdout(fit, summary, (o.holdoutEnd - o.calibrationEnd) / unit) : null, perCustomer, problems };
}

/** Σ_{k=1..H} (E[Y(k)] − E[Y(k−1)])·(1+d)^−k: expected purchases per time unit, discounted; a partial last unit counts at its share. */
function discountedPurchases(fit: BgNbdFit, c: CustomerSummary, horizon: number, d: number): number {
  let total = 0, prev = 0;
  const steps = Math.ceil(horizon);
  for (let k = 1; k <= steps; k++) {
    const t = Math.min(k, horizon);
    const e = expectedPurchases(fit.params, c, t);
    total += (e - prev) / Math.pow(1 + d, t);
    prev = e;
  }
  return total;
}

const MAX_BUCKET = 7;
function holdout(fit: BgNbdFit, summary: readonly CustomerSummary[], periods: number) {
  let actual = 0, predicted = 0, absErr = 0;
  const buckets = Array.from({ length: MAX_BUCKET + 1 }, (_, i) => ({ frequency: i === MAX_BUCKET ? `${MAX_BUCKET}+` : String(i), customers: 0, actual: 0, predicted: 0 }));
  for (const c of summary) {
    const a = c.holdout ?? 0, p = expectedPurchases(fit.params, c, periods);
    actual += a; predicted += p; absErr += Math.abs(a - p);
    const b = buckets[Math.min(c.x, MAX_BUCKET)];
    b.customers++; b.actual += a; b.predicted += p;
  }
  // the diagnostic plot shows means per customer in each calibration-frequency bucket
  const byFrequency = buckets.filter((b) => b.customers > 0).map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers }));
  return { actual, predicted, mae: absErr / Math.max(1, summary.length), periods, byFrequency };
}

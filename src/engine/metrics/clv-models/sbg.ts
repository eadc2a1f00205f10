// Shifted-beta-geometric retention model (Fader & Hardie 2007, "How to project customer
// retention"): each customer churns at every renewal with a constant probability θ, and θ is
// beta(α, β) across customers. Fitted on the survivors of a cohort at renewals 0, 1, …, n.
import { betaln } from './special';
import { fitMle, type MleFit } from './optimize';

export interface SbgParams { alpha: number; beta: number }
export interface SbgFit extends Omit<MleFit, 'params' | 'stdErrors'> {
  params: SbgParams;
  stdErrors: SbgParams;
}

/** Whole renewals up to this many are multiplied out (exact for any α, β); beyond, log-beta values. */
const RECURSION_MAX = 100_000;

/**
 * S(t) = B(α, β + t) / B(α, β); for whole t by the product Π_{k<t} (β+k)/(α+β+k), which stays
 * exact where the difference of log-beta values cancels (α, β near the geometric boundary).
 */
export function sbgSurvival(p: SbgParams, t: number): number {
  if (Number.isInteger(t) && t >= 0 && t <= RECURSION_MAX) {
    let logS = 0;
    for (let k = 0; k < t; k++) logS -= Math.log1p(p.alpha / (p.beta + k));
    return Math.exp(logS);
  }
  return Math.exp(betaln(p.alpha, p.beta + t) - betaln(p.alpha, p.beta));
}

/** S(t+1) ÷ S(t) = (β+t)/(α+β+t): the step the discounted sums below walk by. */
const retentionStep = (p: SbgParams, t: number) => 1 / (1 + p.alpha / (p.beta + t));

/**
 * Log-likelihood of lifetimes in renewal periods: churnedAt[t] customers left at renewal t
 * (t ≥ 1), aliveAfter[c] were still there after c renewals when observation stopped (right-censored).
 * By the recursion of Fader & Hardie (2007, eq. 7) in log space — S(t) = S(t−1)·(β+t−1)/(α+β+t−1),
 * P(T = t) = S(t−1)·α/(α+β+t−1) — rather than as differences of log-beta values: those cancel
 * catastrophically for large α and β (≈ 1e9 and up), where the likelihood then reads as 0, its
 * supremum, and draws the optimizer off to the geometric boundary.
 */
function logLikelihood(churnedAt: readonly number[], aliveAfter: readonly number[], [alpha, beta]: number[]): number {
  let ll = 0;
  let logS = 0; // log S(t − 1) in the loop; S(0) = 1
  const n = Math.max(churnedAt.length, aliveAfter.length);
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      const k = beta + t - 1;
      if ((churnedAt[t] ?? 0) > 0) ll += churnedAt[t] * (logS + Math.log(alpha) - Math.log(alpha + k));
      logS -= Math.log1p(alpha / k); // log S(t) = log S(t−1) + log(k / (α + k))
    }
    if ((aliveAfter[t] ?? 0) > 0) ll += aliveAfter[t] * logS;
  }
  return ll;
}

function fitCounts(churnedAt: readonly number[], aliveAfter: readonly number[]): SbgFit {
  const fit = fitMle((p) => logLikelihood(churnedAt, aliveAfter, p), [[1, 1], [0.5, 3], [3, 10]]);
  const named = (a: number[]): SbgParams => ({ alpha: a[0], beta: a[1] });
  return { ...fit, params: named(fit.params), stdErrors: named(fit.stdErrors) };
}

/**
 * Fits α, β on a cohort's survivor counts, survivors[0] being the cohort size.
 * Throws on counts that are not non-increasing non-negative integers (they are no survival curve).
 */
export function fitSbg(survivors: readonly number[]): SbgFit {
  if (survivors.length < 3) throw new Error(`sBG needs the cohort size and at least two renewals; got ${survivors.length} counts`);
  survivors.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) throw new Error(`survivor count ${i} is ${s}: counts must be whole numbers ≥ 0`);
    if (i > 0 && s > survivors[i - 1]) throw new Error(`survivor count ${i} (${s}) exceeds count ${i - 1} (${survivors[i - 1]}): survivors cannot grow`);
  });
  const churnedAt = survivors.map((s, t) => (t === 0 ? 0 : survivors[t - 1] - s));
  const aliveAfter = survivors.map((s, t) => (t === survivors.length - 1 ? s : 0));
  return fitCounts(churnedAt, aliveAfter);
}

/** One customer's observed lifetime: renewals made, and whether the customer has left since. */
export interface Lifetime { renewals: number; churned: boolean }

/**
 * Fits on customers of several cohorts observed for different lengths: a churned customer left at
 * renewal `renewals + 1`, an active one is censored after `renewals`.
 */
export function fitSbgLifetimes(lifetimes: readonly Lifetime[]): SbgFit {
  const max = lifetimes.reduce((m, l) => Math.max(m, l.renewals + 1), 1);
  const churnedAt = new Array<number>(max + 1).fill(0), aliveAfter = new Array<number>(max + 1).fill(0);
  for (const l of lifetimes) {
    if (l.churned) churnedAt[l.renewals + 1]++; else aliveAfter[l.renewals]++;
  }
  return fitCounts(churnedAt, aliveAfter);
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made
 * `renewalsMade` renewals, evaluated just before the next one: Σ_{k≥0} S(n+1+k)/S(n)·(1+d)^{−k}
 * with n = renewalsMade, d the discount rate per renewal period (> 0, or the sum may diverge).
 */
export function sbgDerl(p: SbgParams, d: number, renewalsMade: number): number {
  if (!(d > 0)) throw new Error(`the discount rate per period must be > 0 for a residual lifetime; got ${d}`);
  // term k: S(n+1+k)/S(n), walked from S(n+1)/S(n) = step(n)
  return discountedSum(retentionStep(p, renewalsMade), (k) => retentionStep(p, renewalsMade + 1 + k), d);
}

/** Renewals expected over the next `horizon` periods from a customer who has made `renewalsMade`: Σ_{k=1..H} S(n+k)/S(n). */
export function sbgExpectedRenewals(p: SbgParams, renewalsMade: number, horizon: number): number {
  let total = 0, ratio = 1;
  for (let k = 1; k <= horizon; k++) {
    ratio *= retentionStep(p, renewalsMade + k - 1);
    total += ratio;
  }
  return total;
}

/** Expected discounted lifetime in periods of a just-acquired customer, first period included: Σ_{t≥0} S(t)(1+d)^{−t}. */
export function sbgExpectedLifetime(p: SbgParams, d: number): number {
  if (!(d > 0)) throw new Error(`the discount rate per period must be > 0 for a lifetime value; got ${d}`);
  return discountedSum(1, (t) => retentionStep(p, t), d);
}

/** Σ_{k≥0} term_k (1+d)^{−k} with term_0 = first and term_{k+1} = term_k · step(k), to relative 1e-13. */
function discountedSum(first: number, step: (k: number) => number, d: number): number {
  let total = 0, term = first, discount = 1;
  for (let k = 0; k < 1_000_000; k++) {
    const v = term * discount;
    total += v;
    if (v < 1e-13 * total) break;
    term *= step(k);
    discount /= 1 + d;
  }
  return total;
}

/**
 * The observed survival curve the sBG projection is set against: the Kaplan–Meier estimate over
 * customers observed for different lengths, S(t) = Π_{k≤t} (1 − d_k / n_k), where d_k customers
 * left at renewal k and n_k were at risk of it (still there after k − 1 renewals and observed long
 * enough to reach renewal k). For one cohort watched to the same renewal it is survivors[t] ÷
 * survivors[0]. Renewals nobody was observed to reach are null; t runs 0 … upTo.
 */
export function observedSurvival(lifetimes: readonly Lifetime[], upTo: number): Array<number | null> {
  const len = Math.max(upTo, lifetimes.reduce((m, l) => Math.max(m, l.renewals + 1), 0)) + 2;
  const churnedAt = new Array<number>(len).fill(0), aliveAfter = new Array<number>(len).fill(0);
  for (const l of lifetimes) {
    if (l.churned) churnedAt[l.renewals + 1]++; else aliveAfter[l.renewals]++;
  }
  // at risk of renewal k: churned at j ≥ k or censored after c ≥ k renewals
  const atRisk = new Array<number>(len + 1).fill(0);
  for (let k = len - 1; k >= 0; k--) atRisk[k] = atRisk[k + 1] + churnedAt[k] + aliveAfter[k];
  const out: Array<number | null> = [lifetimes.length > 0 ? 1 : null];
  let s = 1;
  for (let k = 1; k <= upTo; k++) {
    const n = atRisk[k];
    if (n <= 0 || out[k - 1] === null) { out.push(null); continue; }
    s *= 1 - churnedAt[k] / n;
    out.push(s);
  }
  return out;
}

/** Above this, α and β together mean the fit has run off to the geometric boundary. */
const GEOMETRIC_LIMIT = 1e4;

/**
 * When α, β → ∞ at a fixed ratio the beta distribution collapses onto θ = α/(α+β): every
 * customer churns with the same probability and sBG is the geometric model. The likelihood is
 * then maximal at the boundary, so the estimates and their standard errors are arbitrary large
 * numbers; the constant churn θ is what the data say. Null for an interior fit.
 */
export function sbgGeometricLimit(p: SbgParams): { churn: number } | null {
  return p.alpha > GEOMETRIC_LIMIT && p.beta > GEOMETRIC_LIMIT ? { churn: p.alpha / (p.alpha + p.beta) } : null;
}

// Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"):
// a customer's transaction values are gamma(p, ν) with ν ~ gamma(q, γ) across customers.
// Fitted on repeaters only (x ≥ 1) with m_x the mean of their repeat-purchase values.
import { gammaln } from './special';
import { fitMle, type MleFit } from './optimize';

export interface Spend { x: number; mx: number }
export interface GammaGammaParams { p: number; q: number; v: number }

export interface GammaGammaFit extends Omit<MleFit, 'params' | 'stdErrors'> {
  params: GammaGammaParams;
  stdErrors: GammaGammaParams;
  repeaters: number;
}

function logLikelihood(rows: readonly Spend[], [p, q, v]: number[]): number {
  let ll = 0;
  const common = -gammaln(q) + q * Math.log(v);
  for (const { x, mx } of rows) {
    const px = p * x;
    ll += gammaln(px + q) - gammaln(px) + common + (px - 1) * Math.log(mx) + px * Math.log(x) - (px + q) * Math.log(v + x * mx);
  }
  return ll;
}

export function fitGammaGamma(all: readonly Spend[]): GammaGammaFit {
  const rows = all.filter((s) => s.x > 0 && s.mx > 0);
  const mean = rows.reduce((s, c) => s + c.mx, 0) / Math.max(1, rows.length);
  const starts = [[1, 1, mean], [5, 3, mean], [2, 5, mean / 2]];
  const fit = fitMle((par) => logLikelihood(rows, par), starts);
  const named = (a: number[]): GammaGammaParams => ({ p: a[0], q: a[1], v: a[2] });
  return { ...fit, params: named(fit.params), stdErrors: named(fit.stdErrors), repeaters: rows.length };
}

/** E[M | x, m_x]: a weighted mean of the population mean pν/(q−1) and the customer's own mean. */
export function expectedAverageValue(g: GammaGammaParams, s: Spend): number {
  const population = (g.p * g.v) / (g.q - 1);
  if (s.x <= 0) return population;
  const wOwn = (g.p * s.x) / (g.p * s.x + g.q - 1);
  return (1 - wOwn) * population + wOwn * s.mx;
}

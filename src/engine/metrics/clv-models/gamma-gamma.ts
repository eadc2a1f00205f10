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

/** Repeaters as columns, with the per-row logarithms that do not depend on the parameters. */
interface Columns { x: Int32Array; xm: Float64Array; logMx: Float64Array; logX: Float64Array; maxX: number }

function columns(rows: readonly Spend[]): Columns {
  const x = Int32Array.from(rows, (r) => r.x);
  return {
    x, xm: Float64Array.from(rows, (r) => r.x * r.mx),
    logMx: Float64Array.from(rows, (r) => Math.log(r.mx)), logX: Float64Array.from(rows, (r) => Math.log(r.x)),
    maxX: x.reduce((m, v) => Math.max(m, v), 0),
  };
}

function logLikelihood(c: Columns, [p, q, v]: number[]): number {
  // lnΓ(px+q) − lnΓ(px) depends on the row only through its integer x: once per distinct x
  const byX = new Float64Array(c.maxX + 1);
  for (let x = 1; x <= c.maxX; x++) byX[x] = gammaln(p * x + q) - gammaln(p * x);
  const common = -gammaln(q) + q * Math.log(v);
  let ll = 0;
  for (let i = 0; i < c.x.length; i++) {
    const px = p * c.x[i];
    ll += byX[c.x[i]] + common + (px - 1) * c.logMx[i] + px * c.logX[i] - (px + q) * Math.log(v + c.xm[i]);
  }
  return ll;
}

const SCREEN_ROWS = 5000;

export function fitGammaGamma(all: readonly Spend[]): GammaGammaFit {
  const rows = all.filter((s) => s.x > 0 && s.mx > 0);
  const mean = rows.reduce((s, c) => s + c.mx, 0) / Math.max(1, rows.length);
  const starts = [[1, 1, mean], [5, 3, mean], [2, 5, mean / 2]];
  const cols = columns(rows);
  const screen = rows.length > 2 * SCREEN_ROWS ? columns(Array.from({ length: SCREEN_ROWS }, (_, i) => rows[Math.floor((i * rows.length) / SCREEN_ROWS)])) : null;
  const fit = fitMle((par) => logLikelihood(cols, par), starts, screen ? (par) => logLikelihood(screen, par) : undefined);
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

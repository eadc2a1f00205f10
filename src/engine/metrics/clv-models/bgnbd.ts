// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow a
// Poisson process with gamma(r, α) rates while a customer is alive; after each purchase the
// customer drops out with a beta(a, b) probability. Fitted by maximum likelihood on the RFM summary.
import { hyp2f1 } from './special';
import { fitMle, type MleFit } from './optimize';

/** One customer's calibration summary in model time units. */
export interface Rfm {
  /** Repeat purchases (purchase days after the first). */
  x: number;
  /** Time of the last purchase since the first (0 without repeats). */
  tx: number;
  /** Time from the first purchase to the calibration end. */
  T: number;
}

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }

/** Customers sharing one (x, tx, T) are counted once with a weight, which cuts large fits. */
interface Grouped { x: Int32Array; tx: Float64Array; T: Float64Array; w: Float64Array; maxX: number }

function group(rows: readonly Rfm[]): Grouped {
  const index = new Map<string, number>();
  const xs: number[] = [], txs: number[] = [], Ts: number[] = [], ws: number[] = [];
  for (const c of rows) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const k = index.get(key);
    if (k === undefined) { index.set(key, xs.length); xs.push(c.x); txs.push(c.tx); Ts.push(c.T); ws.push(1); } else ws[k]++;
  }
  return { x: Int32Array.from(xs), tx: Float64Array.from(txs), T: Float64Array.from(Ts), w: Float64Array.from(ws), maxX: xs.reduce((m, v) => Math.max(m, v), 0) };
}

/** Total log-likelihood; the x-only terms are computed once per distinct x by running sums. */
function logLikelihood(g: Grouped, [r, alpha, a, b]: number[]): number {
  // lnΓ(r+x)−lnΓ(r) + lnB(a, b+x)−lnB(a, b) = Σ_{k<x} [ln(r+k) + ln(b+k) − ln(a+b+k)]
  const base = new Float64Array(g.maxX + 1);
  for (let k = 0; k < g.maxX; k++) base[k + 1] = base[k] + Math.log(r + k) + Math.log(b + k) - Math.log(a + b + k);
  const rLogAlpha = r * Math.log(alpha), logA = Math.log(a);
  let ll = 0;
  for (let i = 0; i < g.x.length; i++) {
    const x = g.x[i];
    const l1 = -(r + x) * Math.log(alpha + g.T[i]);
    let l = l1;
    if (x > 0) {
      const l2 = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + g.tx[i]);
      l = Math.max(l1, l2) + Math.log1p(Math.exp(-Math.abs(l1 - l2)));
    }
    ll += g.w[i] * (base[x] + rLogAlpha + l);
  }
  return ll;
}

export interface BgNbdFit extends Omit<MleFit, 'params' | 'stdErrors'> {
  params: BgNbdParams;
  stdErrors: BgNbdParams;
}

const START_GRID: number[][] = [[1, 1, 1, 1], [0.5, 5, 0.5, 2], [0.2, 10, 1, 5], [2, 20, 0.3, 0.8]];

export function fitBgNbd(rows: readonly Rfm[]): BgNbdFit {
  const g = group(rows);
  const meanT = rows.reduce((s, c) => s + c.T, 0) / Math.max(1, rows.length);
  // Scale the α starts to the data's time unit (α is in time units).
  const starts = START_GRID.map(([r, al, a, b]) => [r, al * Math.max(meanT, 1) / 20, a, b]);
  const screen = subsample(g);
  const fit = fitMle((p) => logLikelihood(g, p), starts, screen ? (p) => logLikelihood(screen, p) : undefined);
  const named = (v: number[]): BgNbdParams => ({ r: v[0], alpha: v[1], a: v[2], b: v[3] });
  return { ...fit, params: named(fit.params), stdErrors: named(fit.stdErrors) };
}

/** Above this many distinct (x, tx, T), the starts are compared on an evenly spaced subsample. */
const SCREEN_GROUPS = 5000;
function subsample(g: Grouped): Grouped | null {
  if (g.x.length <= 2 * SCREEN_GROUPS) return null;
  const step = g.x.length / SCREEN_GROUPS;
  const pick = Array.from({ length: SCREEN_GROUPS }, (_, i) => Math.floor(i * step));
  const x = Int32Array.from(pick, (i) => g.x[i]);
  return { x, tx: Float64Array.from(pick, (i) => g.tx[i]), T: Float64Array.from(pick, (i) => g.T[i]), w: Float64Array.from(pick, (i) => g.w[i]), maxX: x.reduce((m, v) => Math.max(m, v), 0) };
}

/** P(alive | x, tx, T). Exactly 1 without repeat purchases: the model lets customers drop out only right after a purchase. */
export function pAlive(p: BgNbdParams, c: Rfm): number {
  if (c.x === 0) return 1;
  return 1 / (1 + (p.a / (p.b + c.x - 1)) * Math.pow((p.alpha + c.T) / (p.alpha + c.tx), p.r + c.x));
}

/** E[Y(t) | x, tx, T]: expected purchases in the next t time units (FHL 2005, eq. 10). */
export function expectedPurchases(p: BgNbdParams, c: Rfm, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const num = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
  const den = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return num / den;
}


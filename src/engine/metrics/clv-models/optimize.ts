// Maximum likelihood helpers shared by the CLV models: Nelder–Mead minimisation from several
// starts, a convergence verdict, and standard errors from the numerical Hessian.
// Hand-written because the npm `fmin` package (the maintained Nelder–Mead on the registry)
// references an undeclared loop variable in its shrink step, which throws in ES modules.

interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  /** The simplex met the tolerances before the iteration cap. */
  converged: boolean;
}

/** Nelder–Mead with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½). */
function nelderMead(f: (x: number[]) => number, x0: number[], opts: { maxIterations?: number; fTol?: number; xTol?: number; step?: number } = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = opts.maxIterations ?? 400 * n;
  const fTol = opts.fTol ?? 1e-10, xTol = opts.xTol ?? 1e-5, step = opts.step ?? 0.5;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) { const p = x0.slice(); p[i] += step; pts.push(p); }
  const vals = pts.map((p) => safe(f(p)));
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const at = (c: number[], w: number[], t: number) => c.map((ci, i) => ci + t * (w[i] - ci));
  let it = 0;
  for (; it < maxIterations; it++) {
    order.sort((i, j) => vals[i] - vals[j]);
    const best = order[0], worst = order[n], second = order[n - 1];
    let spread = 0;
    for (const k of order) for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(pts[k][i] - pts[best][i]));
    if (Math.abs(vals[worst] - vals[best]) <= fTol * (1 + Math.abs(vals[best])) && spread <= xTol) {
      return { x: pts[best], fx: vals[best], iterations: it, converged: true };
    }
    const c = new Array<number>(n).fill(0);
    for (const k of order) if (k !== worst) for (let i = 0; i < n; i++) c[i] += pts[k][i] / n;
    const xr = at(c, pts[worst], -1), fr = safe(f(xr));
    if (fr < vals[best]) {
      const xe = at(c, pts[worst], -2), fe = safe(f(xe));
      if (fe < fr) { pts[worst] = xe; vals[worst] = fe; } else { pts[worst] = xr; vals[worst] = fr; }
    } else if (fr < vals[second]) {
      pts[worst] = xr; vals[worst] = fr;
    } else {
      const outside = fr < vals[worst];
      const xc = outside ? at(c, pts[worst], -0.5) : at(c, pts[worst], 0.5);
      const fc = safe(f(xc));
      if (fc < (outside ? fr : vals[worst])) { pts[worst] = xc; vals[worst] = fc; }
      else {
        for (const k of order) if (k !== best) {
          pts[k] = at(pts[best], pts[k], 0.5);
          vals[k] = safe(f(pts[k]));
        }
      }
    }
  }
  order.sort((i, j) => vals[i] - vals[j]);
  return { x: pts[order[0]], fx: vals[order[0]], iterations: it, converged: false };
}

const safe = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);

import type { TextMessage } from '../../../shared/types';
import { msg } from '../formula';
export interface MleFit {
  /** Estimates in the models' natural (positive) scale. */
  params: number[];
  logLikelihood: number;
  stdErrors: number[];
  converged: boolean;
  /** Why the fit is not trusted, when `converged` is false (clvModel.problem.optimizer.*). */
  problem: TextMessage | null;
  starts: number;
}

/**
 * Maximises `logLik(params)` over positive parameters, working in log space: Nelder–Mead from
 * each start, then Newton steps from the best point with the numerical gradient and Hessian.
 * With `screenLogLik` (the likelihood of a subsample, for large data) the starts run on it and
 * only the Newton steps use the full likelihood. Converged means the simplex met its tolerances,
 * the Hessian is positive definite and the Newton decrement gᵀH⁻¹g/2 (the log-likelihood still
 * to gain) is below 1e-6; standard errors are the square roots of the inverse Hessian's diagonal.
 */
export function fitMle(logLik: (params: number[]) => number, starts: number[][], screenLogLik?: (params: number[]) => number): MleFit {
  const negLog = (z: number[]) => -logLik(z.map(Math.exp));
  const screen = screenLogLik ? (z: number[]) => -screenLogLik(z.map(Math.exp)) : negLog;
  let best: MinimizeResult | null = null;
  for (const s of starts) {
    // loose tolerances: the simplex only has to find the basin; Newton steps finish the job
    const r = nelderMead(screen, s.map(Math.log), { xTol: 1e-3, fTol: 1e-8 });
    if (!best || r.fx < best.fx) best = r;
  }
  const failed = (problem: TextMessage): MleFit => ({ params: (best?.x ?? starts[0] ?? []).map(Math.exp), logLikelihood: Number.NaN, stdErrors: [], converged: false, problem, starts: starts.length });
  if (!best || !Number.isFinite(best.fx)) return failed(msg('clvModel.problem.optimizer.notFinite'));
  let z = best.x, fz = negLog(z), decrement = Number.POSITIVE_INFINITY;
  let inverse: number[][] | null = null;
  for (let it = 0; it < 8; it++) {
    const curvature = numericCurvature(negLog, z, fz);
    inverse = invert(curvature.hessian);
    if (!inverse) break;
    const g = curvature.gradient;
    const step = inverse.map((row) => -row.reduce((s, h, k) => s + h * g[k], 0));
    decrement = -step.reduce((s, v, k) => s + v * g[k], 0) / 2;
    if (!(decrement >= 0)) break; // Hessian not positive definite here: not a minimum
    if (decrement < 1e-6) {
      // settled; the last full step is nearly free and sharpens the estimate
      const y = z.map((v, k) => v + step[k]), fy = negLog(y);
      if (fy < fz) { z = y; fz = fy; }
      break;
    }
    let t = 1, moved = false;
    for (let half = 0; half < 20 && !moved; half++, t /= 2) {
      const y = z.map((v, k) => v + t * step[k]);
      const fy = negLog(y);
      if (fy < fz) { z = y; fz = fy; moved = true; }
    }
    if (!moved) break;
  }
  const params = z.map(Math.exp);
  const variances = inverse?.map((row, i) => row[i]) ?? [];
  const positive = inverse !== null && variances.length === params.length && variances.every((v) => v > 0 && Number.isFinite(v));
  let problem: TextMessage | null = null;
  if (!best.converged) problem = msg('clvModel.problem.optimizer.iterationLimit');
  else if (!positive || !(decrement >= 0)) problem = msg('clvModel.problem.optimizer.notIdentified');
  else if (!(decrement < 1e-6)) problem = msg('clvModel.problem.optimizer.newtonUnsettled', { gain: decrement.toExponential(2) });
  return {
    params,
    logLikelihood: -fz,
    // in log space at the optimum H_log = D H D with D = diag(θ), so se(θ) = θ · se(log θ)
    stdErrors: positive ? variances.map((v, i) => params[i] * Math.sqrt(v)) : params.map(() => Number.NaN),
    converged: problem === null,
    problem,
    starts: starts.length,
  };
}

/** Central-difference gradient and Hessian at x (f(x) = f0 given), steps of 1e-4 in each coordinate. */
function numericCurvature(f: (x: number[]) => number, x: number[], f0 = f(x)): { gradient: number[]; hessian: number[][] } {
  const n = x.length, h = 1e-4;
  const at = (d: Array<[number, number]>) => { const y = x.slice(); for (const [i, s] of d) y[i] += s * h; return f(y); };
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const g = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const up = at([[i, 1]]), down = at([[i, -1]]);
    g[i] = (up - down) / (2 * h);
    H[i][i] = (up - 2 * f0 + down) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at([[i, 1], [j, 1]]) - at([[i, 1], [j, -1]]) - at([[i, -1], [j, 1]]) + at([[i, -1], [j, -1]])) / (4 * h * h);
      H[i][j] = v; H[j][i] = v;
    }
  }
  return { gradient: g, hessian: H };
}

/** Gauss–Jordan inverse with partial pivoting; null when singular. */
function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    if (!(Math.abs(a[piv][col]) > 1e-300)) return null;
    [a[col], a[piv]] = [a[piv], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= p;
    for (let r = 0; r < n; r++) if (r !== col) {
      const k = a[r][col];
      if (k !== 0) for (let j = 0; j < 2 * n; j++) a[r][j] -= k * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}

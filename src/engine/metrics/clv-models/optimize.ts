// Maximum likelihood helpers shared by the CLV models: Nelder–Mead minimisation from several
// starts, a convergence verdict, and standard errors from the numerical Hessian.
// Hand-written because the npm `fmin` package (the maintained Nelder–Mead on the registry)
// references an undeclared loop variable in its shrink step, which throws in ES modules.

export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  /** The simplex met the tolerances before the iteration cap. */
  converged: boolean;
}

/** Nelder–Mead with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½). */
export function nelderMead(f: (x: number[]) => number, x0: number[], opts: { maxIterations?: number; fTol?: number; xTol?: number; step?: number } = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = opts.maxIterations ?? 400 * n;
  const fTol = opts.fTol ?? 1e-10, xTol = opts.xTol ?? 1e-8, step = opts.step ?? 0.5;
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

export interface MleFit {
  /** Estimates in the models' natural (positive) scale. */
  params: number[];
  logLikelihood: number;
  stdErrors: number[];
  converged: boolean;
  /** Why the fit is not trusted, when `converged` is false. */
  problem: string | null;
  starts: number;
}

/**
 * Maximises `logLik(params)` over positive parameters: Nelder–Mead in log space from each start,
 * then restarts once from the best point (a simplex can stall on a ridge). Converged means the
 * best run met its tolerances, its restart did not improve it, and the Hessian of −LL is
 * positive definite; standard errors are the square roots of the inverse Hessian's diagonal.
 */
export function fitMle(logLik: (params: number[]) => number, starts: number[][]): MleFit {
  const negLog = (z: number[]) => -logLik(z.map(Math.exp));
  let best: MinimizeResult | null = null;
  for (const s of starts) {
    const r = nelderMead(negLog, s.map(Math.log));
    if (!best || r.fx < best.fx) best = r;
  }
  if (!best || !Number.isFinite(best.fx)) {
    return { params: starts[0] ?? [], logLikelihood: Number.NaN, stdErrors: [], converged: false, problem: 'the likelihood is not finite at any start', starts: starts.length };
  }
  const again = nelderMead(negLog, best.x, { step: 0.05 });
  const improved = best.fx - again.fx > 1e-6 * (1 + Math.abs(best.fx));
  const final = again.fx <= best.fx ? again : best;
  const params = final.x.map(Math.exp);
  const hessian = numericHessian((p) => -logLik(p), params);
  const inverse = invert(hessian);
  const variances = inverse?.map((row, i) => row[i]) ?? [];
  const positive = inverse !== null && variances.every((v) => v > 0 && Number.isFinite(v));
  let problem: string | null = null;
  if (!best.converged || !final.converged) problem = 'the optimizer reached its iteration limit before the simplex met its tolerances';
  else if (improved) problem = 'a restart from the best point still improved the likelihood';
  else if (!positive) problem = 'the Hessian of the log-likelihood is not negative definite at the optimum (parameters not identified)';
  return {
    params,
    logLikelihood: -final.fx,
    stdErrors: positive ? variances.map(Math.sqrt) : params.map(() => Number.NaN),
    converged: problem === null,
    problem,
    starts: starts.length,
  };
}

/** Central-difference Hessian with steps relative to each coordinate. */
export function numericHessian(f: (x: number[]) => number, x: number[]): number[][] {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-3));
  const shifted = (d: Array<[number, number]>) => { const y = x.slice(); for (const [i, s] of d) y[i] += s * h[i]; return f(y); };
  const f0 = f(x);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i][i] = (shifted([[i, 1]]) - 2 * f0 + shifted([[i, -1]])) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const v = (shifted([[i, 1], [j, 1]]) - shifted([[i, 1], [j, -1]]) - shifted([[i, -1], [j, 1]]) + shifted([[i, -1], [j, -1]])) / (4 * h[i] * h[j]);
      H[i][j] = v; H[j][i] = v;
    }
  }
  return H;
}

/** Gauss–Jordan inverse with partial pivoting; null when singular. */
export function invert(m: number[][]): number[][] | null {
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

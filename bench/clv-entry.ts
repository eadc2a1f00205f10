// Benchmark of the CLV model fits: BG/NBD + Gamma-Gamma on the CDNOW 1/10 sample (2,357
// customers, the published fit), then BG/NBD + Gamma-Gamma on customers simulated from known
// parameters, whose recovery is checked against the standard errors. CPU seconds
// (process.cpuUsage), as the machine is shared. Build and run:
//   npx esbuild bench/clv-entry.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=bench/data/clv-entry.mjs && node bench/data/clv-entry.mjs [customers]
// or `npm run bench -- --only=clv`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize, type Purchase } from '../src/engine/metrics/clv-models/rfm';
import { fitBgNbd } from '../src/engine/metrics/clv-models/bgnbd';
import { fitGammaGamma } from '../src/engine/metrics/clv-models/gamma-gamma';
import { seededRandom } from './seeded-random';

const CUSTOMERS = Number(process.argv[2] ?? 200_000);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

const rand = seededRandom(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
/** Marsaglia–Tsang gamma(shape, scale 1), boosted for shape < 1. */
function gamma(shape: number): number {
  if (shape < 1) return gamma(shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
const beta = (a: number, b: number) => { const x = gamma(a); return x / (x + gamma(b)); };

const report: Record<string, unknown> = {};

const cdnow = join(process.env.KPIW_DATASETS ?? '../shared/datasets', 'cdnow-sample.txt');
if (existsSync(cdnow)) {
  const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86_400_000;
  const purchases: Purchase[] = readFileSync(cdnow, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const [, id, date, , amount] = l.trim().split(/\s+/);
    return { customer: id, day: day(date), amount: Number(amount) };
  });
  const c0 = cpu();
  const summary = summarize(purchases, day('19970930'), 7);
  const bg = fitBgNbd(summary);
  const c1 = cpu();
  const gg = fitGammaGamma(summary);
  const c2 = cpu();
  report.cdnow = { customers: summary.length, bgNbdSeconds: c1 - c0, gammaGammaSeconds: c2 - c1, bg: bg.params, ll: bg.logLikelihood, gg: gg.params, converged: bg.converged && gg.converged };
}

// Simulation: weekly time, customers acquired uniformly over 39 weeks, observed to week 39.
const TRUE_BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const TRUE_GG = { p: 6.25, q: 3.74, v: 15.44 };
const rows: Array<{ x: number; tx: number; T: number; mx: number }> = [];
for (let i = 0; i < CUSTOMERS; i++) {
  const T = 39 * rand();
  const lambda = gamma(TRUE_BG.r) / TRUE_BG.alpha, p = beta(TRUE_BG.a, TRUE_BG.b);
  let t = 0, x = 0;
  for (;;) {
    const next = t - Math.log(1 - rand()) / lambda;
    if (next > T) break;
    t = next; x++;
    if (rand() < p) break;
  }
  // spend: each transaction gamma(p, ν) with ν ~ gamma(q, γ)
  const nu = gamma(TRUE_GG.q) / TRUE_GG.v;
  let total = 0;
  for (let k = 0; k < x; k++) total += gamma(TRUE_GG.p) / nu;
  rows.push({ x, tx: t, T, mx: x > 0 ? total / x : 0 });
}
const s0 = cpu();
const bg = fitBgNbd(rows);
const s1 = cpu();
const gg = fitGammaGamma(rows);
const s2 = cpu();
const z = (est: Record<string, number>, se: Record<string, number>, truth: Record<string, number>) =>
  Object.fromEntries(Object.keys(truth).map((k) => [k, { estimate: est[k], stdError: se[k], truth: truth[k], z: (est[k] - truth[k]) / se[k] }]));
report.simulated = {
  customers: CUSTOMERS,
  bgNbdSeconds: s1 - s0, gammaGammaSeconds: s2 - s1,
  converged: bg.converged && gg.converged,
  bgNbd: z(bg.params as unknown as Record<string, number>, bg.stdErrors as unknown as Record<string, number>, TRUE_BG),
  gammaGamma: z(gg.params as unknown as Record<string, number>, gg.stdErrors as unknown as Record<string, number>, TRUE_GG),
};
// one line: bench/run.mjs reads the last stdout line as the result
console.log(JSON.stringify(report));

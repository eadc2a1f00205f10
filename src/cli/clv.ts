// `kpiw clv FILE... [--map FILE] [--model bg_nbd|sbg] [--calibration-end D] [--holdout-end D]
//  [--time-unit day|week|month] [--horizon N] [--discount RATE] [--as-of D] [--json]`:
// imports and maps the files as `analyze` does, fits BG/NBD + Gamma-Gamma on the transactions
// and prints the parameters, fit quality, holdout check and per-customer predictions.
import type { ClvRequest, ClvResult } from '../shared/clv';
import { openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage } from './errorText';

const USAGE = `Usage: kpiw clv FILE... [--map FILE] [--model bg_nbd|sbg] [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD]
                [--time-unit day|week|month] [--horizon N] [--discount RATE] [--as-of YYYY-MM-DD] [--param id=value]... [--json]
                [--period month|quarter|year]
  --discount is the annual discount rate (0.1 = 10 %); --horizon counts time units (sbg: renewal periods).
  bg_nbd fits purchases (transactions); sbg fits renewals (subscriptions), pooled and per plan.
`;

export async function runClv(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  let req: ClvRequest;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['model', 'calibration-end', 'holdout-end', 'time-unit', 'horizon', 'discount']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    req = clvRequest(args);
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw clv: ${errorInLanguage(e, argv)}\n${USAGE}`); return 2; }
    throw e;
  }
  for (const i of session.importIssues) process.stderr.write(`kpiw clv: ${i.message}\n`);
  let result: ClvResult;
  try {
    result = await session.engine.computeClv(req);
  } catch (e) {
    process.stderr.write(`kpiw clv: ${errorInLanguage(e, argv)}\n`);
    return 1;
  }
  for (const p of result.problems) process.stderr.write(`kpiw clv: ${p}\n`);
  process.stdout.write(args.flags.has('json') ? JSON.stringify(clvJson(result), null, 2) + '\n' : renderText(result));
  return result.converged ? 0 : 1;
}

function clvRequest(args: SessionArgs): ClvRequest {
  const v = args.values;
  const model = v.get('model') ?? 'bg_nbd';
  if (model !== 'bg_nbd' && model !== 'sbg') throw new UsageError(`--model must be bg_nbd or sbg (got "${model}")`);
  const period = args.options.period;
  if (model === 'sbg' && period !== undefined && period !== 'month' && period !== 'quarter' && period !== 'year') {
    throw new UsageError(`--period for sbg must be month, quarter or year (the renewal period; got "${period}")`);
  }
  const date = (name: string) => {
    const d = v.get(name);
    if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UsageError(`--${name} must be YYYY-MM-DD (got "${d}")`);
    return d;
  };
  const num = (name: string, ok: (n: number) => boolean, what: string) => {
    const s = v.get(name);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (s.trim() === '' || !ok(n)) throw new UsageError(`--${name} must be ${what} (got "${s}")`);
    return n;
  };
  const unit = v.get('time-unit');
  if (unit !== undefined && !['day', 'week', 'month'].includes(unit)) throw new UsageError(`--time-unit must be day, week or month (got "${unit}")`);
  return {
    model,
    period: model === 'sbg' ? (period as ClvRequest['period']) : undefined,
    calibrationEnd: date('calibration-end'),
    holdoutEnd: date('holdout-end') ?? null,
    asOf: args.options.asOf,
    timeUnit: unit as ClvRequest['timeUnit'],
    horizon: num('horizon', (n) => n > 0 && n <= 100_000, 'a number of time units > 0'),
    discount: num('discount', (n) => n >= 0 && n <= 1, 'an annual rate from 0 to 1 (e.g. 0.1)'),
    params: args.options.params,
  };
}

/** Exactly the JSON of issue 12. */
export function clvJson(r: ClvResult) {
  return {
    model: r.model, params: r.params, logLikelihood: r.logLikelihood, stdErrors: r.stdErrors, converged: r.converged,
    gammaGamma: r.gammaGamma, customers: r.customers,
    holdout: r.holdout ? { actual: r.holdout.actual, predicted: r.holdout.predicted, mae: r.holdout.mae } : null,
    perCustomer: r.perCustomer.map((c) => ({
      customer_id: c.customer_id, frequency: c.frequency, recency: c.recency, T: c.T, p_alive: c.p_alive,
      expected_purchases: c.expected_purchases, expected_value: c.expected_value, clv: c.clv,
    })),
  };
}

function renderText(r: ClvResult): string {
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));
  const fitted = (params: Record<string, number>, se: Record<string, number>) => Object.keys(params).map((k) => `${k} = ${f(params[k])} (± ${f(se[k])})`).join('  ');
  const lines = [
    r.model === 'sbg'
      ? `sBG on ${r.customers} subscription customers as of ${r.calibrationEnd}, renewal period ${r.timeUnit}${r.converged ? '' : ' — NOT CONVERGED'}`
      : `BG/NBD on ${r.customers} customers, calibration to ${r.calibrationEnd}, time unit ${r.timeUnit}${r.converged ? '' : ' — NOT CONVERGED'}`,
    `  ${fitted(r.params, r.stdErrors)}`,
    `  log-likelihood ${f(r.logLikelihood, 1)}`,
  ];
  if (r.model === 'bg_nbd') lines.push(r.gammaGamma ? `Gamma-Gamma: p = ${f(r.gammaGamma.p)}  q = ${f(r.gammaGamma.q)}  v = ${f(r.gammaGamma.v)}` : 'Gamma-Gamma: not fitted');
  for (const g of r.segments ?? []) {
    lines.push(`  ${g.segment}: ${g.customers} customers, ${fitted(g.params, g.stdErrors)}${g.converged ? '' : ' — not converged'}; retention ${g.retention.slice(0, 6).map((x) => f(x, 2)).join(' ')} …`);
  }
  if (r.holdout) {
    lines.push(`Holdout to ${r.holdoutEnd}: actual ${r.holdout.actual} repeat purchases, predicted ${f(r.holdout.predicted, 1)}, MAE ${f(r.holdout.mae)} per customer`);
    lines.push('  calibration frequency   customers   actual mean   predicted mean');
    for (const b of r.holdout.byFrequency) lines.push(`  ${b.frequency.padStart(21)}   ${String(b.customers).padStart(9)}   ${f(b.actual).padStart(11)}   ${f(b.predicted).padStart(14)}`);
  }
  lines.push(`CLV over ${r.horizon} ${r.timeUnit}s, ${(r.discount * 100).toFixed(1)} % a year discount, margin ${(r.margin * 100).toFixed(0)} %:`);
  for (const v of r.variants) lines.push(`  ${v.label.padEnd(44)} ${f(v.value, 2).padStart(10)}   ${v.assumptions}`);
  const zero = r.model === 'bg_nbd' ? r.perCustomer.filter((c) => c.frequency === 0).length : 0;
  if (zero > 0) lines.push(`${zero} customers without repeat purchases have P(alive) = 1: BG/NBD lets customers drop out only after a purchase.`);
  lines.push('Top customers by CLV:');
  for (const c of [...r.perCustomer].sort((a, b) => (b.clv ?? -Infinity) - (a.clv ?? -Infinity)).slice(0, 10)) {
    lines.push(`  ${c.customer_id.padEnd(12)} ${r.model === 'sbg' ? 'renewals' : 'x'}=${c.frequency} P(alive)=${f(c.p_alive)} E[${r.model === 'sbg' ? 'renewals' : 'purchases'}]=${f(c.expected_purchases)} E[value]=${f(c.expected_value, 2)} CLV=${f(c.clv, 2)}`);
  }
  return lines.join('\n') + '\n';
}

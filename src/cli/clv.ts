// `kpiw clv FILE... [--map FILE] [--model bg_nbd|sbg] [--calibration-end D] [--holdout-end D]
//  [--time-unit day|week|month] [--horizon N] [--discount RATE] [--as-of D] [--json]`:
// imports and maps the files as `analyze` does, fits BG/NBD + Gamma-Gamma on the transactions
// and prints the parameters, fit quality, holdout check and per-customer predictions.
import type { ClvRequest, ClvResult } from '../shared/clv';
import type { MessageValue, TextMessage } from '../shared/types';
import { formatDecimal, NO_VALUE } from '../shared/format';
import { directionOf, localeTag, translate, type UiLanguage } from '../shared/i18n';
import { messageText } from '../shared/i18n/messages';
import { languageOption, openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage, issueInLanguage } from './errorText';

const USAGE = `Usage: kpiw clv FILE... [--map FILE] [--model bg_nbd|sbg] [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD]
                [--time-unit day|week|month] [--horizon N] [--discount RATE] [--as-of YYYY-MM-DD] [--param id=value]... [--json]
                [--period month|quarter|year] [--lang en|fa|th|zh-Hant|zh-Hans]   (the text output's language; --json stays English)
  --discount is the annual discount rate (0.1 = 10 %); --horizon counts time units (sbg: renewal periods).
  bg_nbd fits purchases (transactions); sbg fits renewals (subscriptions), pooled and per plan.
`;

export async function runClv(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  let req: ClvRequest;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['model', 'calibration-end', 'holdout-end', 'time-unit', 'horizon', 'discount', 'lang']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    languageOption(args);
    req = clvRequest(args);
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw clv: ${errorInLanguage(e, argv)}\n${USAGE}`); return 2; }
    throw e;
  }
  const language = languageOption(args);
  for (const i of session.importIssues) process.stderr.write(`kpiw clv: ${issueInLanguage(i, language)}\n`);
  let result: ClvResult;
  try {
    result = await session.engine.computeClv(req);
  } catch (e) {
    process.stderr.write(`kpiw clv: ${errorInLanguage(e, argv)}\n`);
    return 1;
  }
  result.problems.forEach((p, i) => {
    const message = result.problemMessages?.[i];
    process.stderr.write(`kpiw clv: ${message ? messageText(message, language) : p}\n`);
  });
  process.stdout.write(args.flags.has('json') ? JSON.stringify(clvJson(result), null, 2) + '\n' : renderText(result, language));
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

function pad(s: string, w: number, start = false): string {
  // Width in terminal columns is approximated by code points.
  const fill = ' '.repeat(Math.max(0, w - [...s].length));
  return start ? fill + s : s + fill;
}

/** The fit, holdout check, CLV variants and top customers as text in a language (labels from the resources, numbers in its digits). */
function renderText(r: ClvResult, language: UiLanguage): string {
  const locale = localeTag(language);
  const text = (key: string, values: TextMessage['values'] = {}) => messageText({ key, values }, language);
  const tr = (key: string, fallback?: string) => translate(language, key, {}, fallback);
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? NO_VALUE : formatDecimal(v, d, { locale }));
  const fixed = (v: number, d: number): MessageValue => ({ number: v, fractionDigits: d });
  const fitted = (params: Record<string, number>, se: Record<string, number>) => Object.keys(params).map((k) => `${k} = ${f(params[k])} (± ${f(se[k])})`).join('  ');
  const sbg = r.model === 'sbg';
  const unit = { key: sbg ? `clvModel.period.${r.timeUnit}` : `clvModel.unit.${r.timeUnit}` };
  const notConverged = ` — ${tr('clvModel.notConverged')}`;
  const lines = [
    (sbg ? text('clvModel.cardSbg', { customers: r.customers, end: r.calibrationEnd, period: unit })
      : text('clvModel.card', { customers: r.customers, end: r.calibrationEnd, unit })) + (r.converged ? '' : notConverged),
    `  ${fitted(r.params, r.stdErrors)}`,
    `  ${tr('clvModel.logLikelihood')} ${f(r.logLikelihood, 1)}`,
  ];
  if (r.model === 'bg_nbd') lines.push(r.gammaGamma ? `Gamma-Gamma: p = ${f(r.gammaGamma.p)}  q = ${f(r.gammaGamma.q)}  v = ${f(r.gammaGamma.v)}` : text('cli.clv.gammaGammaNotFitted'));
  for (const g of r.segments ?? []) {
    lines.push(`  ${text('cli.clv.segment', { segment: g.segment, n: g.customers, params: fitted(g.params, g.stdErrors) })}${g.converged ? '' : notConverged}`
      + text('cli.clv.retention', { values: g.retention.slice(0, 6).map((x) => f(x, 2)).join(' ') }));
  }
  if (r.holdout) {
    lines.push(text('clvModel.holdout', { end: r.holdoutEnd ?? '', actual: r.holdout.actual, predicted: fixed(r.holdout.predicted, 1), mae: fixed(r.holdout.mae, 3) }));
    const head = [tr('clvModel.calibrationFrequency'), tr('clvModel.customers'), tr('report.clv.actualMean'), tr('report.clv.predictedMean')];
    const w = head.map((h) => Math.max([...h].length, 9));
    lines.push(`  ${head.map((h, i) => pad(h, w[i]!)).join('   ')}`);
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    for (const b of r.holdout.byFrequency) {
      lines.push(`  ${[b.frequency, count.format(b.customers), f(b.actual), f(b.predicted)].map((c, i) => pad(c, w[i]!, true)).join('   ')}`);
    }
  }
  lines.push(`${text('clvModel.clvBasis', { horizon: r.horizon, unit, discount: fixed(r.discount * 100, 1), margin: fixed(r.margin * 100, 0) })}:`);
  for (const v of r.variants) {
    lines.push(`  ${pad(tr(`clvModel.variantLabel.${r.model}.${v.id}`, v.label), 44)} ${pad(f(v.value, 2), 10, true)}   ${tr(`clvModel.assumption.${r.model}.${v.id}`, v.assumptions)}`);
  }
  const zero = r.model === 'bg_nbd' ? r.perCustomer.filter((c) => c.frequency === 0).length : 0;
  if (zero > 0) lines.push(text('cli.clv.noRepeat', { n: zero }));
  lines.push(text('cli.clv.topCustomers'));
  const label = (key: string) => tr(key);
  const [frequency, expected] = sbg ? ['clvModel.renewals', 'clvModel.expectedRenewals'] : ['clvModel.frequency', 'clvModel.expectedPurchases'];
  for (const c of [...r.perCustomer].sort((a, b) => (b.clv ?? -Infinity) - (a.clv ?? -Infinity)).slice(0, 10)) {
    const id = directionOf(language) === 'rtl' ? `\u2068${c.customer_id}\u2069` : c.customer_id;
    lines.push(`  ${pad(id, 12)} ${[
      [label(frequency!), f(c.frequency, 0)], ['P(alive)', f(c.p_alive)], [label(expected!), f(c.expected_purchases)],
      [label('clvModel.expectedValue'), f(c.expected_value, 2)], ['CLV', f(c.clv, 2)],
    ].map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  }
  return lines.join('\n') + '\n';
}

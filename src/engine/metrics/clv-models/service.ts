// The engine side of the predictive CLV method: reads the mapped transactions (n_transactions),
// fits the purchase models (clv.ts) and sets the predictive CLV beside the formula variants.
import type { MappingFile, TableInfo, TextMessage } from '../../../shared/types';
import { messageText } from '../../../shared/i18n/messages';
import { msg } from '../formula';
import type { ClvCustomer, ClvCustomerRowsRequest, ClvRequest, ClvResult, ClvSegmentFit, ClvVariant } from '../../../shared/clv';
import { dayFromIso, isoFromDay } from '../../../shared/calendar/periods';
import { queryRows, type Database } from '../../store/database';
import { mappedFieldsOf, resolveMapping } from '../../mapping/normalize';
import { resolveParams, validateParams } from '../params';
import { normKindSql } from '../families/money-common';
import { analyzePurchaseClv, TIME_UNIT_DAYS, type ClvTimeUnit, type PurchaseClvResult } from './clv';
import { fitSbgLifetimes, observedSurvival, sbgDerl, sbgGeometricLimit, sbgExpectedLifetime, sbgExpectedRenewals, sbgSurvival, type Lifetime, type SbgFit } from './sbg';
import type { Purchase } from './rfm';
import { translate } from '../../../shared/i18n';
import { MessageError } from '../../messageError';

/** A CLV variant's assumptions in English (the resource files hold them; the UI and report localize by the same key). */
const assumption = (model: ClvResult['model'], variant: string) => translate('en', `clvModel.assumption.${model}.${variant}`);

/** `what` names the date's label in the resources (clvModel.calibrationEnd…). */
const day = (iso: string, what: string): number => {
  const d = dayFromIso(iso);
  if (d === null) throw new MessageError('clvModel.error.notADate', { what: { key: what }, value: iso });
  return d;
};

export function computeClv(db: Database, tables: readonly TableInfo[], mapping: MappingFile, req: ClvRequest): ClvResult {
  const given = { ...(mapping.params ?? {}), ...(req.params ?? {}) };
  validateParams(given);
  const params = resolveParams(given);
  const mapped = mappedFieldsOf(resolveMapping(tables, mapping).resolved);
  if (req.model === 'sbg') return subscriptionClv(db, mapped.subscriptions, params, req);
  const fields = mapped.transactions;
  const missing = ['customer_id', 'date', 'amount'].filter((f) => !fields?.has(f));
  if (missing.length > 0) throw new MessageError('clvModel.error.needsTransactions', { fields: missing.join(', ') });
  const typed = fields!.has('type');
  const { rows } = queryRows(db, `SELECT customer_id, date, amount, ${typed ? `${normKindSql('type')} = 'refund'` : '0'} FROM n_transactions WHERE customer_id IS NOT NULL AND date IS NOT NULL AND amount IS NOT NULL`);
  const purchases: Purchase[] = rows.map((r) => ({ customer: String(r[0]), day: Number(r[1]), amount: Number(r[2]), isReturn: r[3] === 1 || Number(r[2]) < 0 }));
  if (purchases.length === 0) throw new MessageError('clvModel.error.noPurchases');
  const total = Number(queryRows(db, 'SELECT count(*) FROM n_transactions').rows[0]?.[0] ?? 0);
  const leftOut = total - purchases.length;
  const lastDay = purchases.reduce((m, p) => Math.max(m, p.day), -Infinity);
  const asOf = req.asOf ? day(req.asOf, 'clvModel.error.asOf') : lastDay;
  const holdoutEnd = req.holdoutEnd ? day(req.holdoutEnd, 'clvModel.holdoutEnd') : null;
  const calibrationEnd = req.calibrationEnd ? day(req.calibrationEnd, 'clvModel.calibrationEnd') : asOf;
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) throw new MessageError('clvModel.error.holdoutBeforeCalibration', { holdout: req.holdoutEnd!, calibration: isoFromDay(calibrationEnd) });
  const timeUnit = req.timeUnit ?? (params['clv.time_unit'] as ClvTimeUnit);
  const horizon = req.horizon ?? (params['clv.horizon'] as number);
  const discount = req.discount ?? (params['clv.discount_rate'] as number);
  const margin = params.gross_margin as number;
  const fit = analyzePurchaseClv(purchases.filter((p) => p.day <= (holdoutEnd ?? calibrationEnd)), { calibrationEnd, holdoutEnd, timeUnit, horizon, annualDiscount: discount, margin });
  const f = fit.fit;
  const gg = fit.gammaGamma;
  return {
    model: 'bg_nbd',
    params: { ...f.params },
    logLikelihood: f.logLikelihood,
    stdErrors: { ...f.stdErrors },
    converged: f.converged && (gg?.converged ?? true),
    gammaGamma: gg ? gg.params : null,
    customers: fit.customers,
    holdout: fit.holdout ? { actual: fit.holdout.actual, predicted: fit.holdout.predicted, mae: fit.holdout.mae, byFrequency: fit.holdout.byFrequency } : null,
    perCustomer: fit.perCustomer.map((c) => ({ ...c, p_alive: finite(c.p_alive), expected_purchases: finite(c.expected_purchases), segment: null })),
    calibrationEnd: isoFromDay(calibrationEnd), holdoutEnd: holdoutEnd === null ? null : isoFromDay(holdoutEnd),
    timeUnit, horizon, discount, margin, segments: null,
    variants: variants(purchases.filter((p) => p.day <= calibrationEnd), calibrationEnd, fit, margin, horizon * TIME_UNIT_DAYS[timeUnit]),
    ...problemsOf(leftOut > 0 ? [msg('clvModel.problem.rowsLeftOut', { n: leftOut, total }), ...fit.problems] : fit.problems),
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** A result's problems: in English (CLI, JSON) and as the messages (UI, report, `kpiw clv --lang`). */
const problemsOf = (messages: TextMessage[]): Pick<ClvResult, 'problems' | 'problemMessages'> => ({
  problems: messages.map((m) => messageText(m, 'en')), problemMessages: messages,
});

/** CLV by each formula from the same calibration data, with what it takes in and assumes. */
function variants(purchases: readonly Purchase[], calibrationEnd: number, fit: PurchaseClvResult, margin: number, horizonDays: number): ClvVariant[] {
  const sales = purchases.filter((p) => !p.isReturn);
  const revenue = purchases.reduce((s, p) => s + p.amount, 0);
  const first = new Map<string, number>(), last = new Map<string, number>();
  const orders = new Set<string>();
  for (const p of sales) {
    first.set(p.customer, Math.min(first.get(p.customer) ?? Infinity, p.day));
    last.set(p.customer, Math.max(last.get(p.customer) ?? -Infinity, p.day));
    orders.add(`${p.customer}|${p.day}`);
  }
  const customers = first.size;
  const startDay = Math.min(...first.values());
  const years = Math.max(1, calibrationEnd - startDay + 1) / 365.25;
  const arpa = customers > 0 ? revenue / customers / years : null;
  // churned in a year: bought more than a year before the end, then nothing in the last year
  const eligible = [...first].filter(([, d]) => d <= calibrationEnd - 365);
  const churned = eligible.filter(([c]) => (last.get(c) ?? 0) <= calibrationEnd - 365).length;
  const churn = eligible.length > 0 ? churned / eligible.length : null;
  const aov = orders.size > 0 ? revenue / orders.size : null;
  const perYear = customers > 0 ? orders.size / customers / years : null;
  const lifespanYears = customers > 0 ? [...first].reduce((s, [c, d]) => s + ((last.get(c) ?? d) - d), 0) / customers / 365.25 : null;
  const clvs = fit.perCustomer.map((c) => c.clv).filter((v): v is number => v !== null);
  const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  return [
    { id: 'arpa_churn', label: 'ARPA ÷ churn', value: div(arpa, churn), inputs: { arpa_per_year: arpa, annual_churn: churn },
      assumptions: assumption('bg_nbd', 'arpa_churn') },
    { id: 'margin', label: 'ARPA × margin ÷ churn', value: div(arpa === null ? null : arpa * margin, churn), inputs: { arpa_per_year: arpa, gross_margin: margin, annual_churn: churn },
      assumptions: assumption('bg_nbd', 'margin') },
    { id: 'purchase', label: 'Order value × frequency × lifespan', value: aov !== null && perYear !== null && lifespanYears !== null ? aov * perYear * lifespanYears : null,
      inputs: { average_order_value: aov, orders_per_customer_year: perYear, observed_lifespan_years: lifespanYears },
      assumptions: assumption('bg_nbd', 'purchase') },
    { id: 'predictive', label: 'BG/NBD + Gamma-Gamma (mean per customer)', value: clvs.length > 0 ? clvs.reduce((s, v) => s + v, 0) / clvs.length : null,
      inputs: { customers: clvs.length, horizon_days: horizonDays, gross_margin: margin },
      assumptions: assumption('bg_nbd', 'predictive') },
  ];
}

const PERIOD_MONTHS = { month: 1, quarter: 3, year: 12 } as const;
/** Segments with fewer customers are predicted by the pooled fit. */
const MIN_SEGMENT = 30;

/**
 * sBG on subscriptions: each customer's lifetime in renewal periods from the first start date to
 * the last end date (active customers are censored at the as-of day), fitted pooled and per plan;
 * CLV of an active customer = margin × value per period × DERL after the renewals made.
 */
function subscriptionClv(db: Database, fields: ReadonlySet<string> | undefined, params: Record<string, unknown>, req: ClvRequest): ClvResult {
  const missing = ['customer_id', 'start_date'].filter((f) => !fields?.has(f));
  if (!fields?.has('mrr') && !fields?.has('amount')) missing.push('mrr | amount');
  if (missing.length > 0) throw new MessageError('clvModel.error.needsSubscriptions', { fields: missing.join(', ') });
  const col = (f: string, otherwise = 'NULL') => (fields!.has(f) ? f : otherwise);
  const monthly = fields!.has('mrr') ? 'mrr' : `amount / COALESCE(NULLIF(${col('billing_interval')}, 0), 1)`;
  const { rows } = queryRows(db, `SELECT customer_id, start_date, ${col('end_date')}, ${monthly}, ${col('plan')} FROM n_subscriptions WHERE customer_id IS NOT NULL AND start_date IS NOT NULL ORDER BY start_date`);
  if (rows.length === 0) throw new MessageError('clvModel.error.noSubscriptions');
  const lastStart = rows.reduce((m, r) => Math.max(m, Number(r[1])), -Infinity);
  const asOf = req.asOf ? day(req.asOf, 'as-of') : lastStart;
  const period = req.period ?? 'month';
  const periodDays = (PERIOD_MONTHS[period] * 365.25) / 12;
  const discount = req.discount ?? (params['clv.discount_rate'] as number);
  // Undiscounted, a customer's expected residual lifetime under sBG can be infinite (sbgDerl refuses it).
  if (!(discount > 0)) throw new MessageError('clvModel.error.sbgDiscount', { rate: discount });
  const d = Math.pow(1 + discount, PERIOD_MONTHS[period] / 12) - 1;
  const margin = params.gross_margin as number;
  const horizon = req.horizon ?? 12;

  interface Customer { id: string; start: number; end: number | null; active: boolean; monthly: number; plan: string }
  const customers = new Map<string, Customer>();
  for (const [id, start, end, value, plan] of rows) {
    const key = String(id), s = Number(start), e = end === null ? null : Number(end);
    const open = e === null || e > asOf;
    if (s > asOf) continue;
    const c = customers.get(key) ?? { id: key, start: s, end: null, active: false, monthly: 0, plan: plan === null ? '(no plan)' : String(plan) };
    if (open) { c.active = true; c.monthly += Number(value ?? 0); } else if (!c.active) { c.end = Math.max(c.end ?? e!, e!); c.monthly = Number(value ?? 0); }
    customers.set(key, c);
  }
  const list = [...customers.values()];
  const lifetime = (c: Customer): Lifetime => ({
    renewals: Math.max(0, Math.floor(((c.active ? asOf : c.end!) - c.start) / periodDays)),
    churned: !c.active,
  });
  const pooled = fitSbgLifetimes(list.map(lifetime));
  const problems: TextMessage[] = [];
  if (!pooled.converged) problems.push(msg('clvModel.problem.sbgNotConverged', { reason: pooled.problem! }));
  const curveLength = Math.max(horizon, 12);
  const retention = (f: SbgFit) => Array.from({ length: curveLength + 1 }, (_, t) => sbgSurvival(f.params, t));
  // A customer's segment: the plan, or the calendar year the first subscription started (cohort).
  const segmentBy = req.segmentBy ?? 'plan';
  const segmentOf = (c: Customer) => (segmentBy === 'cohort' ? isoFromDay(c.start).slice(0, 4) : c.plan);
  const bySegment = new Map<string, Customer[]>();
  for (const c of list) bySegment.set(segmentOf(c), [...(bySegment.get(segmentOf(c)) ?? []), c]);
  const fitted: Array<{ segment: string; members: Customer[]; fit: SbgFit }> = [{ segment: 'all', members: list, fit: pooled }];
  const fits = new Map<string, SbgFit>();
  if (bySegment.size > 1) {
    for (const [segment, members] of bySegment) {
      if (members.length < MIN_SEGMENT) continue;
      const f = fitSbgLifetimes(members.map(lifetime));
      fitted.push({ segment, members, fit: f });
      if (f.converged) fits.set(segment, f);
      else problems.push(msg(`clvModel.problem.sbgSegmentNotConverged.${segmentBy}`, { segment, reason: f.problem! }));
    }
  }
  for (const { segment, fit: f } of fitted) {
    const limit = f.converged ? sbgGeometricLimit(f.params) : null;
    if (limit) {
      const churn = { number: limit.churn * 100, fractionDigits: 2 };
      problems.push(segment === 'all'
        ? msg(`clvModel.problem.sbgGeometric.${period}`, { churn })
        : msg(`clvModel.problem.sbgGeometricSegment.${segmentBy}.${period}`, { segment, churn }));
    }
  }
  const perCustomer = list.map((c): ClvCustomer => {
    const l = lifetime(c), f = fits.get(segmentOf(c)) ?? pooled;
    const ok = f.converged;
    const value = c.monthly * PERIOD_MONTHS[period];
    const expected = c.active && ok ? sbgExpectedRenewals(f.params, l.renewals, horizon) : 0;
    return {
      customer_id: c.id, frequency: l.renewals, recency: l.renewals, T: Math.floor((asOf - c.start) / periodDays),
      p_alive: c.active ? 1 : 0,
      expected_purchases: ok ? expected : null,
      expected_value: value,
      clv: !ok ? null : c.active ? margin * value * sbgDerl(f.params, d, l.renewals) : 0,
      note: c.active ? null : 'cancelled: no residual value',
      segment: segmentOf(c),
    };
  });
  const clvOf = new Map(perCustomer.map((p) => [p.customer_id, p.clv]));
  const segments = fitted.map(({ segment, members, fit: f }): ClvSegmentFit => {
    const active = members.filter((c) => c.active);
    const values = active.map((c) => clvOf.get(c.id) ?? null);
    const known = values.every((v): v is number => v !== null);
    const total = known ? values.reduce((s, v) => s + v, 0) : null;
    return {
      segment, customers: members.length, params: { ...f.params }, stdErrors: { ...f.stdErrors }, logLikelihood: f.logLikelihood, converged: f.converged,
      retention: retention(f), observed: observedSurvival(members.map(lifetime), curveLength),
      activeCustomers: active.length, clvTotal: total, clvMean: total === null || active.length === 0 ? null : total / active.length,
    };
  });
  const active = list.filter((c) => c.active);
  const arpa = active.length > 0 ? active.reduce((s, c) => s + c.monthly * PERIOD_MONTHS[period], 0) / active.length : null;
  const exposure = list.reduce((s, c) => s + lifetime(c).renewals + (c.active ? 0 : 1), 0);
  const churn = exposure > 0 ? list.filter((c) => !c.active).length / exposure : null;
  const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  return {
    model: 'sbg',
    params: { ...pooled.params }, logLikelihood: pooled.logLikelihood, stdErrors: { ...pooled.stdErrors }, converged: pooled.converged,
    gammaGamma: null, customers: list.length, holdout: null, perCustomer,
    calibrationEnd: isoFromDay(asOf), holdoutEnd: null, timeUnit: period, horizon, discount, margin, segments,
    variants: [
      { id: 'arpa_churn', label: 'ARPA ÷ churn', value: div(arpa, churn), inputs: { arpa_per_period: arpa, churn_per_period: churn },
        assumptions: assumption('sbg', 'arpa_churn') },
      { id: 'margin', label: 'ARPA × margin ÷ churn', value: div(arpa === null ? null : arpa * margin, churn), inputs: { arpa_per_period: arpa, gross_margin: margin, churn_per_period: churn },
        assumptions: assumption('sbg', 'margin') },
      { id: 'predictive', label: 'sBG (new customer, discounted)', value: arpa === null || !pooled.converged ? null : arpa * margin * sbgExpectedLifetime(pooled.params, d),
        inputs: { arpa_per_period: arpa, gross_margin: margin, discount_per_period: d, alpha: pooled.params.alpha, beta: pooled.params.beta },
        assumptions: assumption('sbg', 'predictive') },
    ],
    ...problemsOf(problems),
  };
}

/**
 * The source rows behind one customer of a CLV fit: the transactions (BG/NBD) or subscriptions
 * (sBG) with that customer id, in the source table holding most of them (as a metric drill-down).
 */
export function clvCustomerRows(db: Database, tables: readonly TableInfo[], mapping: MappingFile, req: ClvCustomerRowsRequest): { table: string; rows: number[] } {
  const dataset = req.model === 'sbg' ? 'subscriptions' : 'transactions';
  if (!mappedFieldsOf(resolveMapping(tables, mapping).resolved)[dataset]?.has('customer_id')) throw new MessageError('clvModel.error.noCustomerId', { dataset: { key: `dataset.${dataset}` } });
  // The fit reads ids as text; the normalized column may hold them as numbers ("00004" → 4).
  const asNumber = Number(req.customer);
  const { rows } = queryRows(db, `SELECT _src, _row FROM n_${dataset} WHERE customer_id IN (?, ?) ORDER BY _row`, [req.customer, req.customer.trim() !== '' && Number.isFinite(asNumber) ? asNumber : req.customer]);
  const bySource = new Map<string, number[]>();
  for (const [src, row] of rows) bySource.set(String(src), [...(bySource.get(String(src)) ?? []), Number(row)]);
  const best = [...bySource].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best) throw new MessageError('clvModel.error.customerNoRows', { customer: req.customer, dataset: { key: `dataset.${dataset}` } });
  return { table: best[0], rows: best[1] };
}

// The engine side of the predictive CLV method: reads the mapped transactions (n_transactions),
// fits the purchase models (clv.ts) and sets the predictive CLV beside the formula variants.
import type { MappingFile, TableInfo } from '../../../shared/types';
import type { ClvRequest, ClvResult, ClvVariant } from '../../../shared/clv';
import { dayFromIso, isoFromDay } from '../../../shared/calendar/periods';
import { queryRows, type Database } from '../../store/database';
import { mappedFieldsOf, resolveMapping } from '../../mapping/normalize';
import { resolveParams, validateParams } from '../params';
import { normKindSql } from '../families/money-common';
import { analyzePurchaseClv, TIME_UNIT_DAYS, type PurchaseClvResult } from './clv';
import type { Purchase } from './rfm';

const day = (iso: string, what: string): number => {
  const d = dayFromIso(iso);
  if (d === null) throw new Error(`${what} must be a date YYYY-MM-DD (got "${iso}")`);
  return d;
};

export function computeClv(db: Database, tables: readonly TableInfo[], mapping: MappingFile, req: ClvRequest): ClvResult {
  const given = { ...(mapping.params ?? {}), ...(req.params ?? {}) };
  validateParams(given);
  const params = resolveParams(given);
  const fields = mappedFieldsOf(resolveMapping(tables, mapping).resolved).transactions;
  const missing = ['customer_id', 'date', 'amount'].filter((f) => !fields?.has(f));
  if (missing.length > 0) throw new Error(`predictive CLV needs the transactions dataset with ${missing.join(', ')} mapped`);
  const typed = fields!.has('type');
  const { rows } = queryRows(db, `SELECT customer_id, date, amount, ${typed ? `${normKindSql('type')} = 'refund'` : '0'} FROM n_transactions WHERE customer_id IS NOT NULL AND date IS NOT NULL AND amount IS NOT NULL`);
  const purchases: Purchase[] = rows.map((r) => ({ customer: String(r[0]), day: Number(r[1]), amount: Number(r[2]), isReturn: r[3] === 1 || Number(r[2]) < 0 }));
  if (purchases.length === 0) throw new Error('the transactions dataset has no rows with a customer, a date and an amount');
  const lastDay = purchases.reduce((m, p) => Math.max(m, p.day), -Infinity);
  const asOf = req.asOf ? day(req.asOf, 'as-of') : lastDay;
  const holdoutEnd = req.holdoutEnd ? day(req.holdoutEnd, 'holdout end') : null;
  const calibrationEnd = req.calibrationEnd ? day(req.calibrationEnd, 'calibration end') : asOf;
  if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) throw new Error(`the holdout end (${req.holdoutEnd}) must be after the calibration end (${isoFromDay(calibrationEnd)})`);
  const timeUnit = req.timeUnit ?? (params['clv.time_unit'] as ClvResult['timeUnit']);
  const horizon = req.horizon ?? (params['clv.horizon'] as number);
  const discount = req.discount ?? (params['clv.discount_rate'] as number);
  const margin = params.gross_margin as number;
  const fit = analyzePurchaseClv(purchases.filter((p) => p.day <= (holdoutEnd ?? calibrationEnd)), { calibrationEnd, holdoutEnd, timeUnit, horizon, annualDiscount: discount, margin });
  const f = fit.fit;
  const gg = fit.gammaGamma;
  return {
    model: 'bg_nbd',
    params: f.params,
    logLikelihood: f.logLikelihood,
    stdErrors: f.stdErrors,
    converged: f.converged && (gg?.converged ?? true),
    gammaGamma: gg ? gg.params : null,
    customers: fit.customers,
    holdout: fit.holdout ? { actual: fit.holdout.actual, predicted: fit.holdout.predicted, mae: fit.holdout.mae, byFrequency: fit.holdout.byFrequency } : null,
    perCustomer: fit.perCustomer.map((c) => ({ ...c, p_alive: finite(c.p_alive), expected_purchases: finite(c.expected_purchases) })),
    calibrationEnd: isoFromDay(calibrationEnd), holdoutEnd: holdoutEnd === null ? null : isoFromDay(holdoutEnd),
    timeUnit, horizon, discount, margin,
    variants: variants(purchases.filter((p) => p.day <= calibrationEnd), calibrationEnd, fit, margin, horizon * TIME_UNIT_DAYS[timeUnit]),
    problems: fit.problems,
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

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
      assumptions: 'constant revenue per customer and a constant churn rate for everyone; churn = share of customers who bought over a year before the calibration end and not in its last year; no discounting, no margin' },
    { id: 'margin', label: 'ARPA × margin ÷ churn', value: div(arpa === null ? null : arpa * margin, churn), inputs: { arpa_per_year: arpa, gross_margin: margin, annual_churn: churn },
      assumptions: 'as ARPA ÷ churn, on gross margin instead of revenue' },
    { id: 'purchase', label: 'Order value × frequency × lifespan', value: aov !== null && perYear !== null && lifespanYears !== null ? aov * perYear * lifespanYears : null,
      inputs: { average_order_value: aov, orders_per_customer_year: perYear, observed_lifespan_years: lifespanYears },
      assumptions: 'everyone buys at the average rate and value over the average observed span from first to last purchase (which censoring shortens); no discounting, no margin' },
    { id: 'predictive', label: 'BG/NBD + Gamma-Gamma (mean per customer)', value: clvs.length > 0 ? clvs.reduce((s, v) => s + v, 0) / clvs.length : null,
      inputs: { customers: clvs.length, horizon_days: horizonDays, gross_margin: margin },
      assumptions: 'each customer\'s own purchase rate, dropout and spend, estimated from the calibration period; discounted margin over the horizon only (residual value beyond it is left out)' },
  ];
}

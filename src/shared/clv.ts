// Request and result of the predictive CLV method (issue 12); the result's keys are the JSON
// that `kpiw clv --json` prints.
import { z } from 'zod';
import type { TextMessage } from './types';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const clvRequestSchema = z.strictObject({
  /** bg_nbd: purchases (transactions); sbg: renewals (subscriptions). */
  model: z.enum(['bg_nbd', 'sbg']).optional(),
  /** sBG renewal period. */
  period: z.enum(['month', 'quarter', 'year']).optional(),
  /** sBG segments: one fit per plan (default) or per start-year cohort. */
  segmentBy: z.enum(['plan', 'cohort']).optional(),
  /** Last day of the calibration period; default: the holdout end's eve without a holdout, the as-of day. */
  calibrationEnd: isoDay.optional(),
  holdoutEnd: isoDay.nullable().optional(),
  /** Default: the last transaction day. */
  asOf: isoDay.optional(),
  timeUnit: z.enum(['day', 'week', 'month']).optional(),
  horizon: z.number().positive().max(100_000).optional(),
  /** Annual discount rate; default the `clv.discount_rate` parameter. */
  discount: z.number().min(0).max(1).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type ClvRequest = z.infer<typeof clvRequestSchema>;

/** One customer of a CLV fit whose source rows to show (drill-down from the per-customer table). */
export const clvCustomerRowsRequestSchema = z.strictObject({
  model: z.enum(['bg_nbd', 'sbg']).optional(),
  customer: z.string().min(1).max(1_000),
});
export type ClvCustomerRowsRequest = z.infer<typeof clvCustomerRowsRequestSchema>;

export interface ClvCustomer {
  customer_id: string;
  frequency: number;
  recency: number;
  T: number;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_value: number | null;
  clv: number | null;
  note: string | null;
  /** sBG: the customer's plan or start-year cohort (the segment its fit and CLV belong to); null for BG/NBD. */
  segment: string | null;
}

export interface ClvVariant {
  id: 'arpa_churn' | 'margin' | 'purchase' | 'predictive';
  label: string;
  value: number | null;
  inputs: Record<string, number | null>;
  assumptions: string;
}

export interface ClvSegmentFit {
  segment: string;
  customers: number;
  params: Record<string, number>;
  stdErrors: Record<string, number>;
  logLikelihood: number;
  converged: boolean;
  /** Projected share surviving after 0, 1, … renewal periods. */
  retention: number[];
  /** Observed share surviving (Kaplan–Meier over censored lifetimes) at the same renewals; null where no customer was observed that long. */
  observed: Array<number | null>;
  /** Customers still subscribed, and their CLV (discounted expected residual lifetime × margin × value) added up and per customer. */
  activeCustomers: number;
  clvTotal: number | null;
  clvMean: number | null;
}

export interface ClvResult {
  model: 'bg_nbd' | 'sbg';
  /** r, alpha, a, b for BG/NBD; alpha, beta for sBG (all customers pooled). */
  params: Record<string, number>;
  logLikelihood: number;
  stdErrors: Record<string, number>;
  converged: boolean;
  gammaGamma: { p: number; q: number; v: number } | null;
  customers: number;
  holdout: { actual: number; predicted: number; mae: number; byFrequency: Array<{ frequency: string; customers: number; actual: number; predicted: number }> } | null;
  perCustomer: ClvCustomer[];
  calibrationEnd: string;
  holdoutEnd: string | null;
  /** BG/NBD time unit, or the sBG renewal period. */
  timeUnit: 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** sBG: one fit per plan (segment) beside the pooled one; null for BG/NBD. */
  segments: ClvSegmentFit[] | null;
  horizon: number;
  discount: number;
  margin: number;
  variants: ClvVariant[];
  /** Why a figure is missing or not to be trusted (English). */
  problems: string[];
  /** The problems as messages (clvModel.problem.*), aligned with `problems` (absent in results saved before them). */
  problemMessages?: TextMessage[];
}

// Parameters (METRICS.md §3): id, group, the schema a value must satisfy, the default and the
// editor the UI shows. The engine validates every value the user gives (UI, CLI `--param`, mapping
// file, workspace file) against these schemas; the renderer builds its editors from them.
// Labels and help texts are translation keys: `param.<id>.label`, `param.<id>.help`.
import { z } from 'zod';
import type { TextMessage } from '../types';

export type ParamGroup = 'revenue' | 'value' | 'surveys' | 'support' | 'usage' | 'health' | 'reconcile' | 'general';

/** How the UI edits a parameter. */
export type ParamEditor =
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'number'; min?: number; max?: number; step?: number; nullable?: boolean }
  /** A fraction edited as a percentage (gross margin 0.8 ↔ 80). */
  | { kind: 'percent' }
  /** Seconds edited in the given unit (targets in minutes, backlog age in hours). */
  | { kind: 'duration'; unit: 'minutes' | 'hours' }
  | { kind: 'boolean' }
  /** An object of numbers (health weights, bands) edited key by key. */
  | { kind: 'numbers'; keys: readonly string[] }
  /** Per key a bad and a good threshold (health components' scaling). */
  | { kind: 'thresholds'; keys: readonly string[] }
  /** Free JSON (user-defined health components), checked for syntax before it is applied. */
  | { kind: 'json' }
  /** A calendar date YYYY-MM-DD (Gregorian); cleared = null, the parameter's stated default. */
  | { kind: 'date' };

export interface ParamDef {
  id: string;
  group: ParamGroup;
  /**
   * What a value must be; `allowed` says it in words for error messages (paramRule.*; a refinement's
   * message is a paramRule.detail.* key too).
   */
  schema: z.ZodType;
  allowed: TextMessage;
  default: unknown;
  editor: ParamEditor;
}

interface Spec { schema: z.ZodType; allowed: TextMessage; editor: ParamEditor }

const rule = (name: string, values?: TextMessage['values']): TextMessage => ({ key: `paramRule.${name}`, ...(values ? { values } : {}) });
const orEmpty = (allowed: TextMessage, nullable: boolean): TextMessage => (nullable ? rule('orEmpty', { rule: allowed }) : allowed);

const choice = (...options: [string, ...string[]]): Spec => ({
  schema: z.enum(options), allowed: rule('oneOf', { options: options.join(', ') }), editor: { kind: 'choice', options },
});
const integer = (min: number, max: number, nullable = false): Spec => ({
  schema: nullable ? z.number().int().min(min).max(max).nullable() : z.number().int().min(min).max(max),
  allowed: orEmpty(rule('integerRange', { min, max }), nullable),
  editor: { kind: 'number', min, max, step: 1, nullable },
});
const nonNegative = (opts: { integer?: boolean; nullable?: boolean } = {}): Spec => {
  const n = opts.integer ? z.number().int().min(0) : z.number().min(0);
  return {
    schema: opts.nullable ? n.nullable() : n,
    allowed: orEmpty(rule(opts.integer ? 'nonNegativeInteger' : 'nonNegative'), !!opts.nullable),
    editor: { kind: 'number', min: 0, nullable: !!opts.nullable, ...(opts.integer ? { step: 1 } : {}) },
  };
};
const fraction: Spec = { schema: z.number().min(0).max(1), allowed: rule('fraction'), editor: { kind: 'percent' } };
const seconds = (unit: 'minutes' | 'hours'): Spec => ({
  schema: z.number().positive(), allowed: rule('seconds'), editor: { kind: 'duration', unit },
});
const isoDate: Spec = {
  schema: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'paramRule.detail.notCalendarDate')
    .nullable(),
  allowed: orEmpty(rule('date'), true),
  editor: { kind: 'date' },
};
const boolean: Spec = { schema: z.boolean(), allowed: rule('boolean'), editor: { kind: 'boolean' } };

const HEALTH_COMPONENTS = ['usage', 'sentiment', 'support', 'revenue_trend', 'tenure'] as const;
const keyed = <T extends z.ZodType>(keys: readonly string[], value: T) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value.optional()])));
const weights: Spec = {
  schema: keyed(HEALTH_COMPONENTS, z.number().min(0)),
  allowed: rule('weights', { components: HEALTH_COMPONENTS.join(', ') }),
  editor: { kind: 'numbers', keys: HEALTH_COMPONENTS },
};
const bands: Spec = {
  schema: z.strictObject({ red: z.number().min(0).max(100), green: z.number().min(0).max(100) })
    .refine((b) => b.red < b.green, 'paramRule.detail.redBelowGreen'),
  allowed: rule('bands'),
  editor: { kind: 'numbers', keys: ['red', 'green'] },
};
const thresholds: Spec = {
  schema: keyed(HEALTH_COMPONENTS, z.strictObject({ bad: z.number(), good: z.number() }).refine((t) => t.bad !== t.good, 'paramRule.detail.badGoodDiffer')),
  allowed: rule('thresholds', { components: HEALTH_COMPONENTS.join(', ') }),
  editor: { kind: 'thresholds', keys: HEALTH_COMPONENTS },
};
// Each entry's own shape is checked where it is read (health-components.ts reports malformed
// entries by index); here only that it is a list of objects.
const components: Spec = {
  schema: z.array(z.looseObject({})), allowed: rule('components'), editor: { kind: 'json' },
};

const p = (id: string, group: ParamGroup, spec: Spec, def: unknown): ParamDef => ({ id, group, default: def, ...spec });

export const PARAMS: readonly ParamDef[] = [
  p('business_model', 'general', choice('subscription', 'one_off'), 'subscription'),
  // The date a customer snapshot (customers dataset) describes; null = the date of the file it was
  // read from (its modification day), else the as-of date. Stated beside every snapshot number.
  p('customers.snapshot_date', 'general', isoDate, null),
  p('churn.variant', 'revenue', choice('cohort', 'inclusive'), 'cohort'),
  p('churn.annualize', 'revenue', choice('compound', 'linear'), 'compound'),
  p('arr.variant', 'revenue', choice('run_rate', 'contracted'), 'run_rate'),
  p('clv.variant', 'value', choice('arpa_churn', 'margin', 'margin_duration', 'purchase', 'net_of_cac'), 'arpa_churn'),
  p('gross_margin', 'value', fraction, 1.0),
  // predictive CLV (engine/metrics/clv-models): the annual discount rate, the model's time unit
  // and its horizon in those units
  p('clv.discount_rate', 'value', fraction, 0.1),
  p('clv.time_unit', 'value', choice('day', 'week', 'month'), 'week'),
  p('clv.horizon', 'value', integer(1, 10_000), 52),
  // A fixed CAC when no acquisition costs are mapped.
  p('cac', 'value', nonNegative({ nullable: true }), null),
  // Months; overrides the measured average customer lifespan.
  p('lifespan', 'value', nonNegative({ integer: true, nullable: true }), null),
  p('nps.scale', 'surveys', choice('0-10', '1-10'), '0-10'),
  p('nps.promoter_min', 'surveys', integer(0, 10), 9),
  p('nps.detractor_max', 'surveys', integer(0, 10), 6),
  // 'auto': detected from the data, '1-5' or '1-10'.
  p('csat.scale', 'surveys', choice('auto', '1-5', '1-10'), 'auto'),
  // null = 4 on 1–5, 6 on 1–10.
  p('csat.positive_min', 'surveys', integer(1, 10, true), null),
  p('esat.scale', 'surveys', choice('auto', '1-5', '1-10'), 'auto'),
  p('esat.positive_min', 'surveys', integer(1, 10, true), null),
  p('ces.scale', 'surveys', choice('1-5', '1-7', '1-10'), '1-7'),
  p('ces.higher_is_better', 'surveys', boolean, true),
  p('frt.target.email', 'support', seconds('minutes'), 24 * 3600),
  p('frt.target.web_form', 'support', seconds('minutes'), 24 * 3600),
  p('frt.target.phone', 'support', seconds('minutes'), 180),
  p('frt.target.social', 'support', seconds('minutes'), 3600),
  p('frt.target.chat', 'support', seconds('minutes'), 60),
  p('frt.target.default', 'support', seconds('minutes'), 24 * 3600),
  p('backlog.age', 'support', seconds('hours'), 48 * 3600),
  p('fcr.denominator', 'support', choice('all', 'resolved'), 'all'),
  p('replies.count', 'support', choice('both', 'agent'), 'both'),
  p('usage.ideal', 'usage', choice('daily', 'weekly', 'monthly'), 'weekly'),
  // time_on_platform statistic: session_per_user (mean over users of their mean session duration) |
  // total_per_user (mean over users of their total session time) | session (mean of all sessions)
  p('usage.time_on_platform', 'usage', choice('session_per_user', 'total_per_user', 'session'), 'session_per_user'),
  // Customer health score (METRICS.md §4.7). Built-in components and their weights; weight 0 removes
  // a component. Components whose inputs are not mapped are dropped and the weights renormalised.
  p('health.weights', 'health', weights, { usage: 30, sentiment: 25, support: 15, revenue_trend: 20, tenure: 10 }),
  // red < red ≤ yellow < green ≤ green
  p('health.bands', 'health', bands, { red: 40, green: 70 }),
  // Each component's measure is scaled to 0–100 between `bad` (→ 0) and `good` (→ 100), clamped;
  // bad > good means fewer is better. Measures: usage = events in the last 30 days; sentiment =
  // latest NPS score (0–10) or CSAT score mapped onto 0–10; support = tickets created in the last
  // 90 days + tickets open at the reference date; revenue_trend = MRR now ÷ MRR 3 months ago − 1;
  // tenure = months since the first subscription / snapshot / purchase.
  p('health.thresholds', 'health', thresholds, {
    usage: { bad: 0, good: 20 }, sentiment: { bad: 6, good: 9 }, support: { bad: 5, good: 0 },
    revenue_trend: { bad: -0.1, good: 0.1 }, tenure: { bad: 0, good: 24 },
  }),
  // User-defined components: a JSON array of
  //   { "id": "logins", "label": "Logins", "weight": 15, "bad": 0, "good": 10,
  //     "aggregate": "latest" | "sum" | "mean" | "min" | "max" | "count",   (default: latest)
  //     and a source, either a dataset field keyed by the dataset's customer column
  //     (customer_id; account_id, else user_id, for usage_events), rows dated before the reference date:
  //       "dataset": "tickets", "field": "handle_time", "window_days": 90   (optional window)
  //     or any numeric column of an imported table, keyed by one of its columns (headers or SQL names):
  //       "table": "<table name>", "column": "Logins per week", "customer": "Customer ID" }
  // A custom component with the id of a built-in one replaces it.
  p('health.components', 'health', components, []),
  // Reconciliation of two exports of one dataset: |R − L| up to this counts as matched.
  p('reconcile.tolerance', 'reconcile', nonNegative(), 0.01),
  // A customer with MRR on one side only is "timing" when the other side has MRR within this many
  // days of the period end (a start or cancellation recorded on different dates).
  p('reconcile.timing_days', 'reconcile', integer(0, 366), 31),
  // Names tie customers when their similarity (0–1, Dice coefficient of letter pairs) reaches this.
  p('reconcile.name_threshold', 'reconcile', fraction, 0.9),
];

export const PARAM_GROUPS: readonly ParamGroup[] = ['general', 'revenue', 'value', 'surveys', 'support', 'usage', 'health', 'reconcile'];

export const PARAM_BY_ID: ReadonlyMap<string, ParamDef> = new Map(PARAMS.map((d) => [d.id, d]));

export const PARAM_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(PARAMS.map((d) => [d.id, d.default]));

/**
 * First-response targets of channels beyond the built-in ones (frt.target.whatsapp …): any
 * `frt.target.<slug>` is a parameter, with the schema of the built-in targets.
 */
const FRT_TARGET = /^frt\.target\.[a-z0-9_]+$/;

/** The definition a parameter id falls under, or undefined for an unknown id. */
export function paramDef(id: string): ParamDef | undefined {
  const own = PARAM_BY_ID.get(id);
  if (own) return own;
  if (FRT_TARGET.test(id)) return { ...PARAM_BY_ID.get('frt.target.default')!, id };
  return undefined;
}

/** Translation keys of a parameter's label and help text, and of a group's title. */
export const paramLabelKey = (id: string): string => `param.${id}.label`;
export const paramHelpKey = (id: string): string => `param.${id}.help`;
export const paramGroupKey = (group: ParamGroup): string => `paramGroup.${group}`;

/** Rules between parameters, checked on the values in effect (given over defaults). */
export const CROSS_PARAM_RULES: ReadonlyArray<{ ids: readonly string[]; holds: (v: (id: string) => unknown) => boolean; message: TextMessage }> = [
  {
    ids: ['nps.detractor_max', 'nps.promoter_min'],
    holds: (v) => (v('nps.detractor_max') as number) < (v('nps.promoter_min') as number),
    message: rule('npsBands'),
  },
];

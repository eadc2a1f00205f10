// Parameters and their defaults (METRICS.md §3). Values given by the user (mapping file `params`,
// `--param id=value`, the UI's editors) override these.
import type { Params } from './types';

export const PARAM_DEFAULTS: Readonly<Record<string, unknown>> = {
  'nps.scale': '0-10',
  'nps.promoter_min': 9,
  'nps.detractor_max': 6,
  'csat.scale': 'auto', // detected from the data: '1-5' or '1-10'
  'csat.positive_min': null, // null = 4 on 1–5, 6 on 1–10
  'esat.scale': 'auto', // like csat.scale, for employee surveys
  'esat.positive_min': null, // like csat.positive_min
  'ces.scale': '1-7',
  'ces.higher_is_better': true,
  'churn.variant': 'cohort', // cohort | inclusive
  'churn.annualize': 'compound', // compound | linear
  'arr.variant': 'run_rate', // run_rate | contracted
  'clv.variant': 'arpa_churn', // arpa_churn | margin | margin_duration | purchase | net_of_cac
  gross_margin: 1.0,
  cac: null, // a fixed CAC when no acquisition costs are mapped
  lifespan: null, // months; overrides the measured average customer lifespan
  'frt.target.email': 24 * 3600,
  'frt.target.web_form': 24 * 3600,
  'frt.target.phone': 180,
  'frt.target.social': 3600,
  'frt.target.chat': 60,
  'frt.target.default': 24 * 3600,
  'backlog.age': 48 * 3600,
  'fcr.denominator': 'all', // all | resolved
  'replies.count': 'both', // both | agent
  'usage.ideal': 'weekly', // daily | weekly | monthly
  // time_on_platform statistic: session_per_user (mean over users of their mean session duration) |
  // total_per_user (mean over users of their total session time) | session (mean of all sessions)
  'usage.time_on_platform': 'session_per_user',
  // Customer health score (METRICS.md §4.7). Built-in components and their weights; weight 0 removes
  // a component. Components whose inputs are not mapped are dropped and the weights renormalised.
  'health.weights': { usage: 30, sentiment: 25, support: 15, revenue_trend: 20, tenure: 10 },
  // red < red ≤ yellow < green ≤ green
  'health.bands': { red: 40, green: 70 },
  // Each component's measure is scaled to 0–100 between `bad` (→ 0) and `good` (→ 100), clamped;
  // bad > good means fewer is better. Measures: usage = events in the last 30 days; sentiment =
  // latest NPS score (0–10) or CSAT score mapped onto 0–10; support = tickets created in the last
  // 90 days + tickets open at the reference date; revenue_trend = MRR now ÷ MRR 3 months ago − 1;
  // tenure = months since the first subscription / snapshot / purchase.
  'health.thresholds': {
    usage: { bad: 0, good: 20 },
    sentiment: { bad: 6, good: 9 },
    support: { bad: 5, good: 0 },
    revenue_trend: { bad: -0.1, good: 0.1 },
    tenure: { bad: 0, good: 24 },
  },
  // User-defined components: a JSON array of
  //   { "id": "logins", "label": "Logins", "weight": 15, "bad": 0, "good": 10,
  //     "aggregate": "latest" | "sum" | "mean" | "min" | "max" | "count",   (default: latest)
  //     and a source, either a dataset field keyed by the dataset's customer column
  //     (customer_id; account_id, else user_id, for usage_events), rows dated before the reference date:
  //       "dataset": "tickets", "field": "handle_time", "window_days": 90   (optional window)
  //     or any numeric column of an imported table, keyed by one of its columns (headers or SQL names):
  //       "table": "<table name>", "column": "Logins per week", "customer": "Customer ID" }
  // A custom component with the id of a built-in one replaces it.
  'health.components': [],
  business_model: 'subscription', // subscription | one_off
};

/** Params with defaults filled in; string values from the CLI are coerced to the default's type. */
export function resolveParams(given: Record<string, unknown> = {}): Params {
  const out: Record<string, unknown> = { ...PARAM_DEFAULTS };
  for (const [k, v] of Object.entries(given)) out[k] = coerceParam(k, v);
  return out;
}

export function coerceParam(id: string, v: unknown): unknown {
  const def = PARAM_DEFAULTS[id];
  if (typeof v !== 'string') return v;
  if (typeof def === 'number' || (def === null && /^-?\d+(\.\d+)?$/.test(v))) {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  if (typeof def === 'boolean') return v === 'true' || v === '1' || v === 'yes';
  if (typeof def === 'object' && def !== null) {
    try { return JSON.parse(v); } catch { return v; }
  }
  return v;
}

export function paramNumber(p: Params, id: string): number | null {
  const v = p[id];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function paramString(p: Params, id: string): string {
  const v = p[id];
  return v == null ? '' : String(v);
}

// The parameters the UI edits (METRICS.md §3), with their defaults. The renderer never imports
// engine code, so the list is described here; ids and defaults must match
// src/engine/metrics/params.ts (test/unit/renderer-params.test.ts checks that they do).

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
  | { kind: 'json' };

export interface ParamDescriptor {
  id: string;
  group: 'revenue' | 'value' | 'surveys' | 'support' | 'usage' | 'health' | 'general';
  editor: ParamEditor;
  default: unknown;
}

const choice = (...options: string[]): ParamEditor => ({ kind: 'choice', options });

export const PARAMS: readonly ParamDescriptor[] = [
  { id: 'business_model', group: 'general', editor: choice('subscription', 'one_off'), default: 'subscription' },
  { id: 'churn.variant', group: 'revenue', editor: choice('cohort', 'inclusive'), default: 'cohort' },
  { id: 'churn.annualize', group: 'revenue', editor: choice('compound', 'linear'), default: 'compound' },
  { id: 'arr.variant', group: 'revenue', editor: choice('run_rate', 'contracted'), default: 'run_rate' },
  { id: 'clv.variant', group: 'value', editor: choice('arpa_churn', 'margin', 'margin_duration', 'purchase', 'net_of_cac'), default: 'arpa_churn' },
  { id: 'gross_margin', group: 'value', editor: { kind: 'percent' }, default: 1.0 },
  { id: 'cac', group: 'value', editor: { kind: 'number', min: 0, nullable: true }, default: null },
  { id: 'lifespan', group: 'value', editor: { kind: 'number', min: 0, step: 1, nullable: true }, default: null },
  { id: 'nps.scale', group: 'surveys', editor: choice('0-10', '1-10'), default: '0-10' },
  { id: 'nps.promoter_min', group: 'surveys', editor: { kind: 'number', min: 0, max: 10, step: 1 }, default: 9 },
  { id: 'nps.detractor_max', group: 'surveys', editor: { kind: 'number', min: 0, max: 10, step: 1 }, default: 6 },
  { id: 'csat.scale', group: 'surveys', editor: choice('auto', '1-5', '1-10'), default: 'auto' },
  { id: 'csat.positive_min', group: 'surveys', editor: { kind: 'number', min: 1, max: 10, step: 1, nullable: true }, default: null },
  { id: 'esat.scale', group: 'surveys', editor: choice('auto', '1-5', '1-10'), default: 'auto' },
  { id: 'esat.positive_min', group: 'surveys', editor: { kind: 'number', min: 1, max: 10, step: 1, nullable: true }, default: null },
  { id: 'ces.scale', group: 'surveys', editor: choice('1-5', '1-7', '1-10'), default: '1-7' },
  { id: 'ces.higher_is_better', group: 'surveys', editor: { kind: 'boolean' }, default: true },
  { id: 'frt.target.email', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 24 * 3600 },
  { id: 'frt.target.web_form', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 24 * 3600 },
  { id: 'frt.target.phone', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 180 },
  { id: 'frt.target.social', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 3600 },
  { id: 'frt.target.chat', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 60 },
  { id: 'frt.target.default', group: 'support', editor: { kind: 'duration', unit: 'minutes' }, default: 24 * 3600 },
  { id: 'backlog.age', group: 'support', editor: { kind: 'duration', unit: 'hours' }, default: 48 * 3600 },
  { id: 'fcr.denominator', group: 'support', editor: choice('all', 'resolved'), default: 'all' },
  { id: 'replies.count', group: 'support', editor: choice('both', 'agent'), default: 'both' },
  { id: 'usage.ideal', group: 'usage', editor: choice('daily', 'weekly', 'monthly'), default: 'weekly' },
  { id: 'usage.time_on_platform', group: 'usage', editor: choice('session_per_user', 'total_per_user', 'session'), default: 'session_per_user' },
  { id: 'health.weights', group: 'health', editor: { kind: 'numbers', keys: ['usage', 'sentiment', 'support', 'revenue_trend', 'tenure'] }, default: { usage: 30, sentiment: 25, support: 15, revenue_trend: 20, tenure: 10 } },
  { id: 'health.bands', group: 'health', editor: { kind: 'numbers', keys: ['red', 'green'] }, default: { red: 40, green: 70 } },
  {
    id: 'health.thresholds', group: 'health', editor: { kind: 'thresholds', keys: ['usage', 'sentiment', 'support', 'revenue_trend', 'tenure'] },
    default: {
      usage: { bad: 0, good: 20 }, sentiment: { bad: 6, good: 9 }, support: { bad: 5, good: 0 },
      revenue_trend: { bad: -0.1, good: 0.1 }, tenure: { bad: 0, good: 24 },
    },
  },
  { id: 'health.components', group: 'health', editor: { kind: 'json' }, default: [] },
];

export const PARAM_GROUPS: readonly ParamDescriptor['group'][] = ['general', 'revenue', 'value', 'surveys', 'support', 'usage', 'health'];

export const PARAM_BY_ID: ReadonlyMap<string, ParamDescriptor> = new Map(PARAMS.map((p) => [p.id, p]));

/** The value in effect: the user's, else the default. */
export function paramValue(params: Readonly<Record<string, unknown>>, id: string): unknown {
  return id in params ? params[id] : PARAM_BY_ID.get(id)?.default;
}

/** Seconds ↔ the editor's unit. */
export function secondsToUnit(seconds: number, unit: 'minutes' | 'hours'): number {
  return unit === 'minutes' ? seconds / 60 : seconds / 3600;
}
export function unitToSeconds(v: number, unit: 'minutes' | 'hours'): number {
  return unit === 'minutes' ? v * 60 : v * 3600;
}

/** Params differing from their defaults (what is sent to the engine and saved). */
export function changedParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const d = PARAM_BY_ID.get(k)?.default;
    if (JSON.stringify(v) !== JSON.stringify(d)) out[k] = v;
  }
  return out;
}

// Saved views of the workspace (issue 14): which KPI cards in which order, with the period,
// calendar, segment and comparison they are read with. Four presets for the teams our users work
// with; user-made views are kept in the workspace next to the controls. The renderer, the report
// and the CLI (`--view`) read the same records.
import { z } from 'zod';
import { CALENDARS, type CalendarId, type PeriodKind } from './types';

export interface SavedView {
  id: string;
  /** User-made views carry their name; presets are named by `view.preset.<id>` in every language. */
  name?: string;
  /** Metric ids, in the order the cards are shown. */
  metrics: string[];
  period?: PeriodKind;
  calendar?: CalendarId;
  /** Segment column, or null for all customers; absent keeps the current one. */
  segment?: string | null;
  comparison?: 'previous' | 'yoy' | 'target';
  /** The metric of the KPI trend chart. */
  trend?: string;
  /** The table in the grid with its filters and sort (AG Grid's own models). */
  grid?: { table: string; filterModel?: Record<string, unknown>; sortModel?: Array<{ colId: string; sort: 'asc' | 'desc' }> };
}

export const PRESET_VIEWS: readonly SavedView[] = [
  {
    // A help-desk team's review: volume and speed, quality, and who answers best.
    id: 'support', period: 'month', comparison: 'previous', trend: 'ticket_volume',
    metrics: ['ticket_volume', 'first_response_time', 'frt_target_met', 'resolution_time', 'fcr_rate', 'resolution_rate',
      'reopen_rate', 'backlog', 'replies_per_resolution', 'csat', 'ces', 'channel_mix', 'answered_call_rate', 'agent_leaderboard'],
  },
  {
    id: 'customer_success', period: 'month', comparison: 'previous', trend: 'customer_churn_rate',
    metrics: ['health_score', 'nps', 'csat', 'customer_churn_rate', 'customer_retention_rate', 'nrr', 'grr', 'expansion_rate',
      'renewal_rate', 'product_usage_rate', 'stickiness', 'active_accounts', 'cohort_retention', 'feedback_themes'],
  },
  {
    id: 'finance', period: 'month', comparison: 'previous', trend: 'mrr',
    metrics: ['mrr', 'arr', 'net_new_mrr', 'mrr_new', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_reactivation', 'arpa',
      'gross_revenue_churn', 'net_revenue_churn', 'quick_ratio', 'clv', 'cac', 'ltv_cac_ratio', 'cac_payback_months', 'revenue_per_customer'],
  },
  {
    // The board's page: a quarter against the same quarter last year.
    id: 'executive', period: 'quarter', comparison: 'yoy', trend: 'mrr',
    metrics: ['mrr', 'arr', 'nrr', 'customer_churn_rate', 'new_customers', 'active_customers', 'clv', 'ltv_cac_ratio', 'nps', 'csat', 'ticket_volume'],
  },
];

export const PRESET_BY_ID: ReadonlyMap<string, SavedView> = new Map(PRESET_VIEWS.map((v) => [v.id, v]));

export const savedViewSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200).optional(),
  metrics: z.array(z.string().min(1).max(200)).max(500),
  period: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  calendar: z.enum(CALENDARS as readonly CalendarId[] as [CalendarId, ...CalendarId[]]).optional(),
  segment: z.string().max(1_000).nullable().optional(),
  comparison: z.enum(['previous', 'yoy', 'target']).optional(),
  trend: z.string().max(200).optional(),
  grid: z.strictObject({
    table: z.string().min(1).max(1_000),
    // Opaque to us, checked again as FilterSpecs when the grid asks the engine for rows.
    filterModel: z.record(z.string().max(1_000), z.unknown()).refine((m) => JSON.stringify(m).length <= 100_000, 'filters too large').optional(),
    sortModel: z.array(z.strictObject({ colId: z.string().max(1_000), sort: z.enum(['asc', 'desc']) })).max(100).optional(),
  }).optional(),
});

/** A preset or one of `own` by id (a user view may take a preset's id only by editing it). */
export function findView(id: string | null | undefined, own: readonly SavedView[]): SavedView | null {
  if (!id) return null;
  return own.find((v) => v.id === id) ?? PRESET_BY_ID.get(id) ?? null;
}

// Columns computed next to the data of a mapped table (pinned, visually distinct in the grid):
// NPS band of a survey score, first-response and resolution hours of a ticket, a subscription's
// monthly amount, and the customer's health score from the health_score metric.
import type { TableInfo, TableMapping } from '../../shared/types';
import { hoursBetween, monthlyAmount, npsBand } from './gridModel';

/** Grid row: values keyed by the column's SQL name (c0, c1 …) and `__row`. */
export type GridRow = Readonly<Record<string, string | number | null>>;

/** Customer id → health score (0–100). */
export type HealthLookup = ReadonlyMap<string, number | null>;

export interface ComputedColumn {
  id: 'nps_band' | 'first_response_hours' | 'resolution_hours' | 'monthly_mrr' | 'health_score';
  unit: 'band' | 'hours' | 'currency' | 'score';
  value(row: GridRow): string | number | null;
}

export interface ComputedOptions {
  promoterMin: number;
  detractorMax: number;
  health: HealthLookup | null;
}

export function computedColumns(table: TableInfo, mapping: TableMapping, opts: ComputedOptions): ComputedColumn[] {
  // SQL name of the column mapped to a field, if any.
  const sql = (field: string): string | null => {
    const header = mapping.fields[field];
    return header ? table.columns.find((c) => c.name === header)?.sqlName ?? null : null;
  };
  const out: ComputedColumn[] = [];
  if (mapping.dataset === 'survey_responses' && (mapping.survey ?? 'nps') === 'nps') {
    const score = sql('score');
    if (score) out.push({ id: 'nps_band', unit: 'band', value: (r) => npsBand(r[score], opts.promoterMin, opts.detractorMax) });
  }
  if (mapping.dataset === 'tickets') {
    const created = sql('created_at');
    const first = sql('first_response_at');
    const resolved = sql('resolved_at');
    if (created && first) out.push({ id: 'first_response_hours', unit: 'hours', value: (r) => hoursBetween(r[created], r[first]) });
    if (created && resolved) out.push({ id: 'resolution_hours', unit: 'hours', value: (r) => hoursBetween(r[created], r[resolved]) });
  }
  if (mapping.dataset === 'subscriptions') {
    const mrr = sql('mrr');
    const amount = sql('amount');
    const interval = sql('billing_interval');
    // With an MRR column the value is already there; the computed column is for amount + interval.
    if (!mrr && amount) {
      out.push({ id: 'monthly_mrr', unit: 'currency', value: (r) => monthlyAmount(null, r[amount], interval ? r[interval] : null) });
    }
  }
  const customer = sql('customer_id');
  const health = opts.health;
  if (customer && health && health.size > 0) {
    out.push({ id: 'health_score', unit: 'score', value: (r) => (r[customer] == null ? null : health.get(String(r[customer])) ?? null) });
  }
  return out;
}

// The customer's health score next to the data of a mapped table, looked up in the health_score
// metric's per-customer table. (The other computed columns — NPS band, first-response and
// resolution hours, monthly MRR — are computed by the engine and served with the rows:
// TableInfo.computed.)
import type { TableInfo, TableMapping } from '../../shared/types';

/** Grid row: values keyed by the column's SQL name (c0, c1 …) and `__row`. */
export type GridRow = Readonly<Record<string, string | number | null>>;

/** Customer id → health score (0–100). */
export type HealthLookup = ReadonlyMap<string, number | null>;

export interface HealthColumn {
  id: 'health_score';
  unit: 'score';
  value(row: GridRow): number | null;
}

export function healthColumn(table: TableInfo, mapping: TableMapping, health: HealthLookup | null): HealthColumn | null {
  const header = mapping.fields.customer_id;
  const customer = header ? table.columns.find((c) => c.name === header)?.sqlName : undefined;
  if (!customer || !health || health.size === 0) return null;
  return { id: 'health_score', unit: 'score', value: (r) => (r[customer] == null ? null : health.get(String(r[customer])) ?? null) };
}

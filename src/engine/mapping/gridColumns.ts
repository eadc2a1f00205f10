// Columns computed next to the data of a mapped table, for the grid: an NPS response's band, a
// ticket's first-response and resolution hours, a subscription's monthly amount from amount and
// billing interval. Each is SQL over the table's normalized rows (n_<dataset>, joined by source
// row), so the values are the ones the metrics use and the grid can sort and filter by them.
import type { ComputedColumnId, ComputedColumnInfo, TableMapping } from '../../shared/types';
import { paramNumber } from '../metrics/params';
import type { Params } from '../metrics/types';
import { normalizedTable } from './datasets';
import { literal } from '../store/database';

const column = (id: ComputedColumnId): string => `computed:${id}`;

/** The computed columns a table mapped by `entry` gets. */
export function computedColumnsOf(entry: TableMapping): ComputedColumnInfo[] {
  const has = (f: string) => !!entry.fields[f];
  const out: ComputedColumnInfo[] = [];
  if (entry.dataset === 'survey_responses' && (entry.survey ?? 'nps') === 'nps' && has('score')) out.push({ id: 'nps_band', column: column('nps_band'), unit: 'band' });
  if (entry.dataset === 'tickets' && has('created_at')) {
    if (has('first_response_at')) out.push({ id: 'first_response_hours', column: column('first_response_hours'), unit: 'hours' });
    if (has('resolved_at')) out.push({ id: 'resolution_hours', column: column('resolution_hours'), unit: 'hours' });
  }
  // With an MRR column the value is already there; the computed column is for amount + interval.
  if (entry.dataset === 'subscriptions' && !has('mrr') && has('amount')) out.push({ id: 'monthly_mrr', column: column('monthly_mrr'), unit: 'currency' });
  return out;
}

/** A computed column as SQL: the column's info and an expression over the grid's table aliased `t`. */
export interface ComputedColumnSql extends ComputedColumnInfo { sql: string; kind: 'text' | 'number' }

export function computedColumnsSql(tableName: string, entry: TableMapping, params: Params): ComputedColumnSql[] {
  const n = normalizedTable(entry.dataset);
  // The table's own normalized row; rows the mapping excluded (unreadable values) have none → NULL.
  const ofRow = (expr: string) => `(SELECT ${expr} FROM ${n} AS n WHERE n._src = ${literal(tableName)} AND n._row = t."__row")`;
  return computedColumnsOf(entry).map((c) => {
    switch (c.id) {
      case 'nps_band': {
        // Validated integers 0–10 (the catalog's schema), so inlining them is safe.
        const promoter = paramNumber(params, 'nps.promoter_min') ?? 9;
        const detractor = paramNumber(params, 'nps.detractor_max') ?? 6;
        // METRICS.md §5: a score that is not a whole number from 0 to 10 has no band.
        return { ...c, kind: 'text', sql: ofRow(`CASE WHEN n.score IS NULL OR n.score <> CAST(n.score AS INTEGER) OR n.score < 0 OR n.score > 10 THEN NULL `
          + `WHEN n.score >= ${Number(promoter)} THEN 'promoter' WHEN n.score <= ${Number(detractor)} THEN 'detractor' ELSE 'passive' END`) };
      }
      case 'first_response_hours': return { ...c, kind: 'number', sql: ofRow('(n.first_response_at - n.created_at) / 3600.0') };
      case 'resolution_hours': return { ...c, kind: 'number', sql: ofRow('(n.resolved_at - n.created_at) / 3600.0') };
      case 'monthly_mrr': return { ...c, kind: 'number', sql: ofRow('n.mrr') };
    }
  });
}

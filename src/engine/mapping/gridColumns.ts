// Columns computed next to the data of a mapped table, for the grid: an NPS response's band, a
// ticket's first-response and resolution hours, a subscription's monthly amount from amount and
// billing interval, the customer's health score. Each is SQL over the table's normalized rows
// (n_<dataset>, joined by source row), so the values are the ones the metrics use and the grid can
// sort and filter by them.
import type { ComputedColumnId, ComputedColumnInfo, TableMapping } from '../../shared/types';
import { paramNumber } from '../metrics/params';
import type { Params } from '../metrics/types';
import { normalizedTable } from './datasets';
import { ident, literal, type Database } from '../store/database';
import { sessionOf } from '../store/session';

const column = (id: ComputedColumnId): string => `computed:${id}`;

/**
 * The computed columns a table mapped by `entry` gets; with `scored` (an analysis scored the
 * customers) also the health score, which comes with the analysis (AnalysisResult.gridColumns).
 */
export function computedColumnsOf(entry: TableMapping, scored = false): ComputedColumnInfo[] {
  const has = (f: string) => !!entry.fields[f];
  const out: ComputedColumnInfo[] = [];
  if (entry.dataset === 'survey_responses' && (entry.survey ?? 'nps') === 'nps' && has('score')) out.push({ id: 'nps_band', column: column('nps_band'), unit: 'band' });
  if (entry.dataset === 'tickets' && has('created_at')) {
    if (has('first_response_at')) out.push({ id: 'first_response_hours', column: column('first_response_hours'), unit: 'hours' });
    if (has('resolved_at')) out.push({ id: 'resolution_hours', column: column('resolution_hours'), unit: 'hours' });
  }
  // With an MRR column the value is already there; the computed column is for amount + interval.
  if (entry.dataset === 'subscriptions' && !has('mrr') && has('amount')) out.push({ id: 'monthly_mrr', column: column('monthly_mrr'), unit: 'currency' });
  // Any table naming its customers: the score of the last analysis, matched by normalized id.
  if (scored && has('customer_id')) out.push({ id: 'health_score', column: column('health_score'), unit: 'score' });
  return out;
}

/** A computed column as SQL: the column's info and an expression over the grid's table aliased `t`. */
export interface ComputedColumnSql extends ComputedColumnInfo { sql: string; kind: 'text' | 'number' }

export function computedColumnsSql(db: Database, tableName: string, entry: TableMapping, params: Params): ComputedColumnSql[] {
  const n = normalizedTable(entry.dataset);
  // The table's own normalized row; rows the mapping excluded (unreadable values) have none → NULL.
  const ofRow = (expr: string) => `(SELECT ${expr} FROM ${n} AS n WHERE n._src = ${literal(tableName)} AND n._row = t."__row")`;
  return computedColumnsOf(entry, sessionOf(db).gridHealth !== null).map((c) => {
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
      case 'health_score': {
        const health = healthTable(db);
        return { ...c, kind: 'number', sql: health ? ofRow(`(SELECT h.score FROM ${health} AS h WHERE h.customer_id = n.customer_id)`) : 'NULL' };
      }
    }
  });
}

/**
 * The temporary table of the last analysis's health scores (customer_id → score), written on first
 * use. Temporary: it is not part of a saved workspace, and sql.js's export() drops it (reopening the
 * database), after which it is written again.
 */
function healthTable(db: Database): string | null {
  const health = sessionOf(db).gridHealth;
  if (!health) return null;
  const name = `kpiw_health_${health.version}`;
  const exists = db.exec(`SELECT 1 FROM temp.sqlite_master WHERE name = ${literal(name)}`).length > 0;
  if (exists) return `temp.${ident(name)}`;
  for (const [old] of db.exec(`SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'kpiw_health_%'`)[0]?.values ?? []) {
    db.run(`DROP TABLE temp.${ident(String(old))}`);
  }
  db.run(`CREATE TEMP TABLE ${ident(name)} (customer_id TEXT PRIMARY KEY, score REAL)`);
  const stmt = db.prepare(`INSERT OR IGNORE INTO temp.${ident(name)} VALUES (?, ?)`);
  try { for (const [customer, score] of health.rows) stmt.run([customer, score]); } finally { stmt.free(); }
  return `temp.${ident(name)}`;
}

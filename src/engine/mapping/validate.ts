// Validation of mapped data: columns of the wrong type for their field, and row checks on the rows
// a table contributed to its normalized table (required value missing or unparseable, score out of
// the survey's scale, end before start, negative amounts, implausible dates). Rows are excluded
// only for reasons that would make a metric wrong, and every exclusion is counted and reported
// with example source rows; nothing is dropped silently.
import type { DatasetId, Issue } from '../../shared/types';
import type { IssueCode } from '../../shared/issues';
import { ident, literal, queryRows, type Database } from '../store/database';
import { DATASET_BY_ID, normalizedTable, type FieldDef } from './datasets';
import { fieldSourceHeaders, tableLabel, type FieldSource, type ResolvedTable } from './mappingFile';
import { dayFromYmd } from '../../shared/calendar/periods';

const NUMERIC = new Set(['integer', 'decimal', 'currency', 'percent', 'duration']);

/** Why a column cannot play a field, or null when its type fits. */
export function typeMismatch(_dataset: DatasetId, def: FieldDef, src: FieldSource, elapsedAllowed: boolean): string | null {
  if (src.kind === 'product') {
    if (def.kind !== 'amount' && def.kind !== 'number') return `a product of two columns can only be an amount or a number, not ${def.id}`;
    const bad = src.columns.find((c) => !NUMERIC.has(c.type) && c.type !== 'text');
    return bad ? `column "${bad.name}" is ${bad.type}, not a number, so it cannot be multiplied` : null;
  }
  const t = src.column.type;
  const name = src.column.name;
  const no = (need: string) => `column "${name}" holds ${t} values but ${def.id} needs ${need}`;
  switch (def.kind) {
    case 'id': case 'text':
      return null;
    case 'date':
      return t === 'date' || t === 'datetime' || t === 'integer' || t === 'text' ? null : no('a date');
    case 'datetime':
      if (t === 'date' || t === 'datetime' || t === 'text' || t === 'integer') return null;
      return elapsedAllowed && (t === 'decimal' || t === 'duration') ? null : no('a date-time');
    case 'amount': case 'number':
      return NUMERIC.has(t) || t === 'text' || (def.kind === 'number' && t === 'boolean') ? null : no('a number');
    case 'bool':
      return t === 'decimal' || t === 'currency' || t === 'percent' || t === 'duration' ? no('yes/no values') : null;
    case 'interval':
      return t === 'text' || t === 'integer' || t === 'decimal' ? null : no('a billing interval (month, year, or a number of months)');
  }
}

interface RowCheck {
  /** SQL condition over the normalized row (alias n) and its source row (correlated, alias t). */
  cond: string;
  action: 'exclude' | 'clear' | 'flag' | 'report';
  /** For 'clear': the fields set to NULL; for 'flag': the assignment. */
  set?: string;
  severity: Issue['severity'];
  code: IssueCode;
  column: string | null;
  message: (count: number) => string;
  /** Params of the issue beyond table, column and count (the UI's text names them). */
  params?: Readonly<Record<string, string>>;
}

const PLAUSIBLE_FROM = dayFromYmd(1900, 1, 1);
const PLAUSIBLE_TO = dayFromYmd(2100, 12, 31);

/** SQL: the source cell(s) behind a field are not blank. */
function sourceNonEmpty(src: FieldSource): string {
  const cols = src.kind === 'column' ? [src.column] : src.columns;
  return cols.map((c) => `(t.${ident(c.sqlName)} IS NOT NULL OR t.${ident(c.rawSqlName)} IS NOT NULL)`).join(' AND ');
}

/**
 * Whether a field's value can be NULL for a non-blank cell: cells the import could not read
 * (ColumnInfo.invalid), text parsed at mapping time, YYYYMMDD integers, elapsed times. When it
 * cannot, "not readable" checks (a lookup of the source row per NULL) are skipped — at 1M rows
 * with a mostly empty end date that lookup costs seconds and finds nothing.
 */
function mayFailToParse(f: FieldDef, src: FieldSource): boolean {
  // Ids and text are the cell's text: NULL only for a blank cell.
  if (f.kind === 'id' || f.kind === 'text') return false;
  const cols = src.kind === 'column' ? [src.column] : src.columns;
  if (cols.some((c) => c.invalid > 0 || c.type === 'text')) return true;
  const t = cols[0]!.type;
  if (f.kind === 'date' || f.kind === 'datetime') return !(t === 'date' || t === 'datetime');
  if (f.kind === 'amount' || f.kind === 'number') return false;
  return true;
}

/** The checks for one mapped table, in the order they run (each on the rows the previous left). */
function checksFor(r: ResolvedTable): RowCheck[] {
  const def = DATASET_BY_ID.get(r.dataset)!;
  const label = tableLabel(r.table);
  const checks: RowCheck[] = [];
  const srcRow = (cond: string) => `EXISTS (SELECT 1 FROM ${ident(r.table.name)} AS t WHERE t.__row = n._row AND ${cond})`;
  const dsName = r.dataset;

  for (const f of def.fields) {
    const src = r.fields.get(f.id);
    if (!src) continue;
    const col = fieldSourceHeaders(src);
    const stored = f.id;
    const nonEmpty = sourceNonEmpty(src);
    const parseable = mayFailToParse(f, src);
    if (f.required) {
      if (parseable) checks.push({
        cond: `n.${ident(stored)} IS NULL AND ${srcRow(nonEmpty)}`, action: 'exclude', severity: 'warning', code: 'invalid_value', column: col, params: { type: kindType(f) },
        message: (k) => `${label}: ${k} row(s) have a value in "${col}" that is not ${kindWords(f)}; excluded from ${dsName} metrics.`,
      });
      checks.push({
        cond: `n.${ident(stored)} IS NULL`, action: 'exclude', severity: 'warning', code: 'missing_value', column: col,
        message: (k) => `${label}: ${k} row(s) have no ${f.label.toLowerCase()} ("${col}" is blank); excluded from ${dsName} metrics.`,
      });
    } else if (parseable && !(f.id === 'billing_interval' && r.dataset === 'subscriptions' && !r.fields.has('mrr'))) {
      // (an unreadable interval of an amount-priced subscription is reported below, with its exclusion)
      checks.push({
        cond: `n.${ident(stored)} IS NULL AND ${srcRow(nonEmpty)}`, action: 'report', severity: 'warning', code: 'invalid_value', column: col, params: { type: kindType(f) },
        message: (k) => `${label}: ${k} row(s) have a value in "${col}" that is not ${kindWords(f)}; those rows are kept without ${f.id}.`,
      });
    }
    if ((f.kind === 'date' || f.kind === 'datetime') && f.required) {
      const day = f.kind === 'datetime' ? `${f.id}_day` : f.id;
      checks.push({
        cond: `n.${ident(day)} NOT BETWEEN ${PLAUSIBLE_FROM} AND ${PLAUSIBLE_TO}`, action: 'exclude', severity: 'warning', code: 'implausible_date', column: col,
        message: (k) => `${label}: ${k} row(s) have a ${f.label.toLowerCase()} before 1900 or after 2100 in "${col}"; excluded as typing errors.`,
      });
    }
  }

  const colOf = (f: string) => (r.fields.get(f) ? fieldSourceHeaders(r.fields.get(f)!) : null);
  switch (r.dataset) {
    case 'subscriptions': {
      if (r.fields.has('amount') && r.fields.has('billing_interval') && !r.fields.has('mrr')) {
        checks.push({
          cond: 'n.mrr IS NULL AND n.amount IS NOT NULL', action: 'exclude', severity: 'warning', code: 'invalid_value', column: colOf('billing_interval'), params: { type: 'billing_interval' },
          message: (k) => `${label}: ${k} row(s) have a billing interval in "${colOf('billing_interval')}" that is not understood (month, quarter, half-year, year, week, or a number of months); excluded.`,
        });
      }
      checks.push({
        cond: 'n.mrr < 0', action: 'exclude', severity: 'warning', code: 'negative_amount', column: colOf('mrr') ?? colOf('amount'),
        message: (k) => `${label}: ${k} row(s) have a negative MRR/amount; a subscription cannot pay a negative price, so they are excluded.`,
      });
      if (r.fields.has('end_date')) {
        checks.push({
          cond: 'n.end_date < n.start_date', action: 'exclude', severity: 'warning', code: 'end_before_start', column: colOf('end_date'),
          message: (k) => `${label}: ${k} row(s) end ("${colOf('end_date')}") before they start ("${colOf('start_date')}"); excluded.`,
        });
      }
      if (r.fields.has('trial_end') && r.fields.has('trial_start')) {
        checks.push({
          cond: 'n.trial_end < n.trial_start', action: 'clear', set: 'trial_start = NULL, trial_end = NULL', severity: 'warning', code: 'end_before_start', column: colOf('trial_end'),
          message: (k) => `${label}: ${k} row(s) have a trial that ends before it starts; their trial dates are ignored.`,
        });
      }
      break;
    }
    case 'mrr_snapshots':
      checks.push({
        cond: 'n.mrr < 0', action: 'exclude', severity: 'warning', code: 'negative_amount', column: colOf('mrr'),
        message: (k) => `${label}: ${k} row(s) have a negative MRR; excluded.`,
      });
      break;
    case 'transactions': {
      const order = r.fields.has('order_id') ? " OR n.order_id GLOB '[Cc][0-9]*'" : '';
      checks.push({
        cond: `(n.amount < 0${order}) AND n.type IS NOT 'refund'`, action: 'flag', set: "type = 'refund'", severity: 'info', code: 'returns_as_refunds', column: colOf('amount'),
        message: (k) => `${label}: ${k} row(s) are returns or cancellations (negative amount${order ? `, or order id "${colOf('order_id')}" starting with C` : ''}); kept and flagged as returns (type 'refund'), not as purchases.`,
      });
      break;
    }
    case 'costs':
      checks.push({
        cond: 'n.amount < 0', action: 'report', severity: 'warning', code: 'negative_amount', column: colOf('amount'),
        message: (k) => `${label}: ${k} cost row(s) are negative (credits?); kept as given.`,
      });
      break;
    case 'survey_responses': {
      const scoreCol = colOf('score');
      // Only scores no parameter choice can make valid are excluded here: the widest scale each
      // survey kind may be set to (NPS 0–10 whole numbers, CSAT/ESAT 1–10, CES 1–10). Which
      // scale applies (nps.scale, csat.scale, ces.scale…) is the surveys family's rule, and the
      // scores outside the chosen one are counted as invalid there.
      const outOfScale = `CASE lower(coalesce(n.survey, '')) WHEN 'nps' THEN (n.score NOT BETWEEN 0 AND 10 OR n.score <> CAST(n.score AS INTEGER))
        WHEN 'csat' THEN n.score NOT BETWEEN 1 AND 10 WHEN 'esat' THEN n.score NOT BETWEEN 1 AND 10
        WHEN 'ces' THEN n.score NOT BETWEEN 1 AND 10 ELSE n.score NOT BETWEEN 0 AND 10 END`;
      checks.push({
        cond: outOfScale, action: 'exclude', severity: 'warning', code: 'score_out_of_scale', column: scoreCol,
        message: (k) => `${label}: ${k} row(s) have a score in "${scoreCol}" outside every scale the survey can have (NPS 0–10 whole numbers, CSAT and CES 1–10); excluded from survey metrics.`,
      });
      break;
    }
    case 'tickets':
      for (const f of ['first_response_at', 'resolved_at']) {
        if (!r.fields.has(f)) continue;
        checks.push({
          cond: `n.${f} < n.created_at`, action: 'clear', set: `${f} = NULL, ${f}_day = NULL`, severity: 'warning', code: 'end_before_start', column: colOf(f),
          message: (k) => `${label}: ${k} ticket(s) have ${f === 'resolved_at' ? 'a resolution' : 'a first response'} ("${colOf(f)}") before they were created; that time is ignored.`,
        });
      }
      break;
    case 'calls':
      if (r.fields.has('answered_at')) {
        checks.push({
          cond: 'n.answered_at < n.received_at', action: 'clear', set: 'answered_at = NULL, answered_at_day = NULL', severity: 'warning', code: 'end_before_start', column: colOf('answered_at'),
          message: (k) => `${label}: ${k} call(s) were answered before they were received; the answer time is ignored.`,
        });
      }
      break;
    case 'usage_events':
      if (r.fields.has('session_end')) {
        checks.push({
          cond: 'n.session_end < n.timestamp', action: 'clear', set: 'session_end = NULL, session_end_day = NULL', severity: 'warning', code: 'end_before_start', column: colOf('session_end'),
          message: (k) => `${label}: ${k} session(s) end before they start; their end is ignored.`,
        });
      }
      if (r.fields.has('duration')) {
        checks.push({
          cond: 'n.duration < 0', action: 'clear', set: 'duration = NULL', severity: 'warning', code: 'negative_amount', column: colOf('duration'),
          message: (k) => `${label}: ${k} row(s) have a negative duration; it is ignored.`,
        });
      }
      break;
    default:
      break;
  }
  return checks;
}

/** The column type (or field) a value should have been, for the UI's text (columnType.<type>). */
function kindType(f: FieldDef): string {
  switch (f.kind) {
    case 'date': case 'datetime': return f.kind;
    case 'amount': case 'number': return 'decimal';
    case 'bool': return 'boolean';
    default: return f.id;
  }
}

function kindWords(f: FieldDef): string {
  switch (f.kind) {
    case 'date': return 'a date';
    case 'datetime': return 'a date-time';
    case 'amount': case 'number': return 'a number';
    case 'bool': return 'yes/no';
    case 'interval': return 'a billing interval';
    default: return 'usable';
  }
}

const EXAMPLES = 5;

/** Runs the row checks of one mapped table on its rows in the normalized table; applies exclusions. */
export function validateNormalizedRows(db: Database, r: ResolvedTable): Issue[] {
  const n = ident(normalizedTable(r.dataset));
  const src = literal(r.table.name);
  const checks = checksFor(r);
  if (checks.length === 0) return [];
  // One pass tells which checks find anything; only those run again for examples and changes.
  const hits = queryRows(db, `SELECT ${checks.map((c) => `sum(CASE WHEN ${c.cond} THEN 1 ELSE 0 END)`).join(', ')} FROM ${n} AS n WHERE n._src = ${src}`).rows[0] ?? [];
  const issues: Issue[] = [];
  checks.forEach((c, i) => {
    if (!Number(hits[i] ?? 0)) return;
    const where = `n._src = ${src} AND (${c.cond})`;
    const res = queryRows(db, `SELECT n._row FROM ${n} AS n WHERE ${where} ORDER BY n._row`).rows;
    if (res.length === 0) return;
    const rows = res.slice(0, EXAMPLES).map((x) => Number(x[0]));
    issues.push({
      severity: c.severity, code: c.code, column: c.column, rows, count: res.length, table: r.table.name, message: c.message(res.length),
      params: { table: tableLabel(r.table), dataset: r.dataset, count: res.length, action: c.action, ...(c.column ? { column: c.column } : {}), ...c.params },
    });
    if (c.action === 'exclude') db.run(`DELETE FROM ${n} AS n WHERE ${where}`);
    else if (c.action === 'clear' || c.action === 'flag') db.run(`UPDATE ${n} AS n SET ${c.set} WHERE ${where}`);
  });
  return issues;
}

// Applies a mapping: validates it against the imported tables and builds the normalized tables
// n_<dataset> the metrics read (the union of every table mapped to a dataset), with INSERT … SELECT
// straight from the imported tables. Storage per field kind: see datasets.ts. Text cells that hold
// numbers or dates (columns typed text because their values were mixed) are parsed once per
// distinct value in JS and joined back through a temporary lookup table, which keeps 1M-row
// tables fast.
import type { ColumnInfo, DatasetId, Issue, MappingFile, TableInfo } from '../../shared/types';
import type { IssueCode } from '../../shared/issues';
import { ident, literal, queryAll, queryRows, type Database } from '../store/database';
import { BALANCE_DATASETS } from '../../shared/catalog/datasets';
import { allSidesTable, DATASETS, DATASET_BY_ID, fieldDef, normalizedTable, type FieldDef } from './datasets';
import { createNormalizedTable, indexNormalizedTable, normalizedColumns } from './normalizedSchema';
import { billingIntervalMonths, booleanFromText, canonicalChannel, canonicalTransactionType, durationUnitSeconds, monthFromHeader, surveyFromHeader, surveyFromValue } from './glossary';
import { dayFromCalendarYmd } from '../../shared/calendar/periods';
import { fieldSourceHeaders, findMappedTable, findTableByRef, resolveFieldSource, tableLabel, type FieldSource, type ResolvedTable } from './mappingFile';
import { TextValueReader } from './textValues';
import { validateNormalizedRows, typeMismatch } from './validate';
import { sessionOf } from '../store/session';
import { ALL_TABLES } from '../../shared/types';

/** Columns of a wide sheet whose headers name months, with the month's first day. */
export function wideMonthColumns(table: TableInfo): Array<{ column: ColumnInfo; day: number }> {
  const out: Array<{ column: ColumnInfo; day: number }> = [];
  for (const column of table.columns) {
    if (column.type === 'date' || column.type === 'datetime' || column.type === 'boolean') continue;
    const m = monthFromHeader(column.name);
    if (!m) continue;
    try {
      out.push({ column, day: dayFromCalendarYmd(m.y, m.m, 1, m.calendar) });
    } catch {
      // not a real month in that calendar
    }
  }
  return out;
}

/** Datetime fields that may be given as an elapsed time after another field (Zendesk "First reply time in minutes"). */
const ELAPSED_ANCHOR: Record<string, string> = {
  'tickets.first_response_at': 'created_at',
  'tickets.resolved_at': 'created_at',
  'calls.answered_at': 'received_at',
  'usage_events.session_end': 'timestamp',
};


/** Resolves every mapping entry to its table and columns; unknown tables/columns and wrong types are issues. */
export function resolveMapping(tables: readonly TableInfo[], mapping: MappingFile): { resolved: ResolvedTable[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const resolved: ResolvedTable[] = [];
  const seen = new Set<string>();
  for (const entry of mapping.tables) {
    const table = findMappedTable(tables, entry);
    if (!table) {
      issues.push({
        severity: 'error', code: 'mapping_table_not_found', column: null, rows: [], params: { table: tableLabel(entry), dataset: entry.dataset },
        message: `The mapping names "${entry.source}"${entry.sheet ? ` sheet "${entry.sheet}"` : ''} but no imported table matches it; its ${entry.dataset} data is not used.`,
      });
      continue;
    }
    if (seen.has(table.name)) {
      issues.push({ severity: 'warning', code: 'mapping_duplicate_table', column: null, rows: [], table: table.name, params: { table: tableLabel(table) }, message: `${tableLabel(table)} is mapped more than once; only the first entry (${mapping.tables.find((t) => findMappedTable(tables, t)?.name === table.name)!.dataset}) is used.` });
      continue;
    }
    seen.add(table.name);
    const fields = new Map<string, FieldSource>();
    let wideMonths: ResolvedTable['wideMonths'];
    if (entry.dataset === 'mrr_snapshots' && entry.fields.month?.trim() === '*') {
      wideMonths = wideMonthColumns(table);
      if (wideMonths.length === 0) {
        issues.push({ severity: 'error', code: 'mapping_column_not_found', column: null, rows: [], table: table.name, params: { table: tableLabel(table), column: '*' },
          message: `${tableLabel(table)}: "month": "*" asks for a wide sheet (a column per month), but no header names a month (e.g. "2024-01", "Jan 2024", "فروردین ۱۴۰۳").` });
        wideMonths = undefined;
      }
    }
    for (const [fieldId, header] of Object.entries(entry.fields)) {
      if (!header) continue;
      if (wideMonths && (fieldId === 'month' || fieldId === 'mrr')) continue;
      const def = fieldDef(entry.dataset, fieldId);
      if (!def) {
        issues.push({ severity: 'error', code: 'mapping_unknown_field', column: null, rows: [], table: table.name, params: { table: tableLabel(table), field: fieldId, dataset: entry.dataset }, message: `${tableLabel(table)}: "${fieldId}" is not a field of ${entry.dataset}.` });
        continue;
      }
      const src = resolveFieldSource(table, header);
      if (!src) {
        issues.push({
          severity: 'error', code: 'mapping_column_not_found', column: header, rows: [], table: table.name, params: { table: tableLabel(table), column: header },
          message: `${tableLabel(table)}: no column "${header}" for ${entry.dataset}.${fieldId}; columns are ${table.columns.map((c) => `"${c.name}"`).join(', ')}.`,
        });
        continue;
      }
      const mismatch = typeMismatch(entry.dataset, def, src, !!ELAPSED_ANCHOR[`${entry.dataset}.${fieldId}`]);
      if (mismatch) {
        issues.push({ severity: 'error', code: 'wrong_type', column: fieldSourceHeaders(src), rows: [], table: table.name, params: { table: tableLabel(table), column: fieldSourceHeaders(src), field: fieldId, dataset: entry.dataset }, message: `${tableLabel(table)}: ${mismatch}; ${entry.dataset}.${fieldId} is left unmapped.` });
        continue;
      }
      fields.set(fieldId, src);
    }
    resolved.push({ entry, table, dataset: entry.dataset, fields, ...(wideMonths ? { wideMonths } : {}) });
  }
  issues.push(...balancesAddedTogether(resolved, tables, mapping));
  return { resolved, issues };
}


/**
 * The table whose rows a dataset's KPIs use when it is mapped from more than one table: the one the
 * mapping names as the source of truth; for balances (two exports of the same customers would be
 * double counted) the first mapped table until the user chooses; null when all are used (one
 * table, a dataset of events, or "all" chosen).
 */
export function sourceOfTruthOf(tables: readonly TableInfo[], mapping: MappingFile, dataset: DatasetId, list: readonly ResolvedTable[]): string | null {
  if (list.length < 2) return null;
  const ref = mapping.sourceOfTruth?.[dataset];
  if (ref?.source === ALL_TABLES) return null;
  const table = ref ? findTableByRef(tables, ref) : undefined;
  if (table && list.some((r) => r.table.name === table.name)) return table.name;
  return BALANCE_DATASETS.has(dataset) ? list[0]!.table.name : null;
}


/**
 * Two exports of the same balances (billing and CRM, this quarter's and last quarter's file) mapped
 * to one dataset: until the user chooses, the KPIs use the first (said, with the question); when the
 * user chose to add them together, that is said too, pointing to reconciliation.
 */
function balancesAddedTogether(resolved: readonly ResolvedTable[], all: readonly TableInfo[], mapping: MappingFile): Issue[] {
  const byDataset = new Map<DatasetId, ResolvedTable[]>();
  for (const r of resolved) if (BALANCE_DATASETS.has(r.dataset)) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  const issues: Issue[] = [];
  for (const [dataset, tables] of byDataset) {
    if (tables.length < 2) continue;
    const names = tables.map((r) => tableLabel(r.table));
    const ref = mapping.sourceOfTruth?.[dataset];
    const chosen = ref && ref.source !== ALL_TABLES ? findTableByRef(all, ref) : undefined;
    if (chosen && tables.some((r) => r.table.name === chosen.name)) continue;
    if (!ref || !chosen && ref.source !== ALL_TABLES) {
      const first = names[0]!;
      issues.push({
        severity: 'warning', code: 'source_of_truth_default', column: null, rows: [], count: tables.length,
        params: { tables: names.join(', '), dataset, count: tables.length, table: first },
        message: `${names.join(' and ')} are all mapped to ${dataset}: the KPIs use ${first} alone, not the tables added together, until one is chosen as the source of truth (or all, if they are parts of one export). Reconcile them to see how they differ (kpiw reconcile ${tables.slice(0, 2).map((r) => r.table.source).join(' ')}).`,
      });
      continue;
    }
    issues.push({
      severity: 'warning', code: 'balances_added_together', column: null, rows: [], count: tables.length, params: { tables: names.join(', '), dataset, count: tables.length },
      message: `${names.join(' and ')} are all mapped to ${dataset} and added together, as chosen: every KPI adds their rows. If they are two exports of the same customers (e.g. billing and CRM), reconcile them (kpiw reconcile ${tables.slice(0, 2).map((r) => r.table.source).join(' ')}) and choose one as the source of truth for the KPIs.`,
    });
  }
  return issues;
}

/** Fields present in each dataset's normalized table (derived ones included: subscriptions.mrr from amount). */
export function mappedFieldsOf(resolved: readonly ResolvedTable[]): Partial<Record<DatasetId, Set<string>>> {
  const out: Partial<Record<DatasetId, Set<string>>> = {};
  for (const r of resolved) {
    const set = (out[r.dataset] ??= new Set());
    for (const f of r.fields.keys()) set.add(f);
    if (r.wideMonths) { set.add('month'); set.add('mrr'); }
    if (r.dataset === 'subscriptions' && r.fields.has('amount')) set.add('mrr');
    // Survey types are always filled: from the mapping, a survey column, or inferred (see inferSurveyType).
    if (r.dataset === 'survey_responses') set.add('survey');
  }
  return out;
}

/** Bumped on every applyMapping: caches of metric results key on it (kept in the database's session). */
export function mappingGeneration(db: Database): number {
  return sessionOf(db).mappingGeneration;
}

/** Validates the mapping and (re)builds every n_<dataset> table; returns the issues. */
export function applyMapping(db: Database, tables: TableInfo[], mapping: MappingFile): Issue[] {
  sessionOf(db).mappingChanged();
  const { resolved, issues } = resolveMapping(tables, mapping);
  const byDataset = new Map<DatasetId, ResolvedTable[]>();
  for (const r of resolved) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  for (const ds of DATASETS) {
    const list = byDataset.get(ds.id);
    db.run(`DROP TABLE IF EXISTS ${ident(allSidesTable(ds.id))}`);
    if (!list) {
      db.run(`DROP TABLE IF EXISTS ${ident(normalizedTable(ds.id))}`);
      continue;
    }
    createNormalizedTable(db, ds.id);
    db.run('BEGIN');
    try {
      for (const r of list) {
        issues.push(...requiredFieldIssues(r));
        const builder = new SelectBuilder(db, r);
        if (r.wideMonths) {
          for (const sql of builder.buildWide()) db.run(sql);
        } else {
          const { columns, exprs } = builder.build();
          db.run(`INSERT INTO ${ident(normalizedTable(ds.id))} (${columns.map(ident).join(', ')}) SELECT ${exprs.join(', ')} FROM ${ident(r.table.name)} AS t`);
        }
        builder.dropLookups();
        issues.push(...builder.notes);
        if (r.dataset === 'survey_responses' && !r.entry.survey && !r.fields.has('survey')) issues.push(...inferSurveyType(db, r));
        issues.push(...validateNormalizedRows(db, r));
      }
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
    issues.push(...crossTableChecks(db, ds.id, list));
    // A source of truth: the KPIs see its rows alone; every table's rows stay for reconciliation.
    const truth = sourceOfTruthOf(tables, mapping, ds.id, list);
    if (truth) {
      db.run(`CREATE TABLE ${ident(allSidesTable(ds.id))} AS SELECT * FROM ${ident(normalizedTable(ds.id))}`);
      db.run(`DELETE FROM ${ident(normalizedTable(ds.id))} WHERE _src <> ${literal(truth)}`);
    }
    indexNormalizedTable(db, ds.id, mappedFieldsOf(list)[ds.id]);
  }
  return issues;
}

/**
 * A survey table mapped without its type: the score column's header ("NPS", "رضایت"…) or its range
 * (0–10 NPS, 1–5 CSAT, 1–7 CES) decides, and the issue says which was assumed.
 */
function inferSurveyType(db: Database, r: ResolvedTable): Issue[] {
  const n = ident(normalizedTable('survey_responses'));
  const src = r.fields.get('score');
  if (!src) return [];
  const header = fieldSourceHeaders(src);
  // The range of the scores on a 0–10 scale; a few typos outside it (11, 99) do not hide the type.
  const inScale = 'CASE WHEN score BETWEEN 0 AND 10 THEN score END';
  const [min, max, within, all] = queryRows(db, `SELECT min(${inScale}), max(${inScale}), count(${inScale}), count(score) FROM ${n} WHERE _src = ${literal(r.table.name)}`).rows[0] ?? [];
  const mostlyInScale = Number(within ?? 0) >= 0.9 * Number(all ?? 0);
  let kind = surveyFromHeader(header);
  let why = `the header "${header}"`;
  if (!kind && min != null && max != null && mostlyInScale) {
    const lo = Number(min), hi = Number(max);
    kind = lo >= 1 && hi <= 5 ? 'csat' : lo >= 1 && hi <= 7 ? 'ces' : lo >= 0 && hi <= 10 ? 'nps' : null;
    why = `its scores run ${lo}–${hi}`;
  }
  if (!kind) {
    return [{ severity: 'warning', code: 'survey_type_unknown', column: header, rows: [], table: r.table.name, params: { table: tableLabel(r.table), column: header },
      message: `${tableLabel(r.table)}: the survey type is not mapped and cannot be told from "${header}"; set "survey" (nps, csat, ces or esat) in the mapping.` }];
  }
  db.run(`UPDATE ${n} SET survey = ${literal(kind)} WHERE _src = ${literal(r.table.name)}`);
  return [{ severity: 'info', code: 'survey_type_inferred', column: header, rows: [], table: r.table.name, params: { table: tableLabel(r.table), survey: kind },
    message: `${tableLabel(r.table)}: no survey type in the mapping; read as ${kind.toUpperCase()} because ${why}.` }];
}

function requiredFieldIssues(r: ResolvedTable): Issue[] {
  const def = DATASET_BY_ID.get(r.dataset)!;
  const out: Issue[] = [];
  const has = (f: string) => r.fields.has(f) || (f === 'mrr' && r.dataset === 'subscriptions' && r.fields.has('amount'))
    || (!!r.wideMonths && (f === 'month' || f === 'mrr'));
  for (const f of def.fields.filter((x) => x.required)) {
    if (has(f.id)) continue;
    let hint = '';
    if (r.dataset === 'subscriptions' && f.id === 'start_date') {
      const tenure = r.table.columns.find((c) => /tenure|months?active|lifetime/i.test(c.name));
      hint = tenure
        ? ` "${tenure.name}" counts months as a customer but gives no date to count from, so when each subscription started (and the MRR history) is unknown`
        : ' without it nobody can say when each subscription was active';
    }
    out.push({
      severity: 'error', code: 'missing_required_field', column: null, rows: [], table: r.table.name, params: { table: tableLabel(r.table), dataset: r.dataset, field: f.id },
      message: `${tableLabel(r.table)} (${r.dataset}): required field ${f.id} (${f.label}) is not mapped;${hint || ' metrics that need it report missing inputs'}.`,
    });
  }
  for (const group of def.requiredAnyOf ?? []) {
    if (!group.some(has)) {
      out.push({ severity: 'error', code: 'missing_required_field', column: null, rows: [], table: r.table.name, params: { table: tableLabel(r.table), dataset: r.dataset, field: group.join(' | ') }, message: `${tableLabel(r.table)} (${r.dataset}): map one of ${group.join(' or ')}.` });
    }
  }
  return out;
}

/** Cross-table checks on the whole normalized table: duplicate ids. */
function crossTableChecks(db: Database, dataset: DatasetId, list: ResolvedTable[]): Issue[] {
  const idField = dataset === 'tickets' ? 'ticket_id' : dataset === 'calls' ? 'call_id' : null;
  if (!idField || !list.some((r) => r.fields.has(idField))) return [];
  const n = ident(normalizedTable(dataset));
  const dup = queryRows(db, `SELECT count(*), sum(c) FROM (SELECT count(*) AS c FROM ${n} WHERE ${idField} IS NOT NULL GROUP BY ${idField} HAVING count(*) > 1)`).rows[0]!;
  const ids = Number(dup[0] ?? 0);
  if (ids === 0) return [];
  const ex = queryAll(db, `SELECT _src, _row, ${idField} AS id FROM ${n} WHERE ${idField} IN (SELECT ${idField} FROM ${n} WHERE ${idField} IS NOT NULL GROUP BY ${idField} HAVING count(*) > 1) ORDER BY ${idField}, _row LIMIT 6`);
  const r0 = list.find((r) => r.table.name === ex[0]?._src) ?? list[0]!;
  const src = r0.fields.get(idField)!;
  return [{
    severity: 'warning', code: 'duplicate_id', column: fieldSourceHeaders(src), rows: ex.map((e) => Number(e._row)), table: String(ex[0]?._src ?? r0.table.name),
    count: Number(dup[1] ?? 0), params: { table: tableLabel(r0.table), count: Number(dup[1] ?? 0), field: idField },
    message: `${ids} ${idField} value(s) occur more than once (${Number(dup[1])} rows, e.g. "${ex[0]?.id}"); each row is counted as its own ${dataset === 'tickets' ? 'ticket' : 'call'}.`,
  }];
}

// ---------------------------------------------------------------------------------------------
// SELECT expressions per field

class SelectBuilder {
  readonly notes: Issue[] = [];
  /** Reads the distinct texts of text-typed columns (one set of scanners for the whole table). */
  private readonly values = new TextValueReader();
  private lookups: string[] = [];

  constructor(private readonly db: Database, private readonly r: ResolvedTable) {}

  build(): { columns: string[]; exprs: string[] } {
    const { r } = this;
    const columns: string[] = ['_src', '_row'];
    const exprs: string[] = [literal(r.table.name), 't.__row'];
    const def = DATASET_BY_ID.get(r.dataset)!;
    const computed = new Map<string, string>();
    // Anchors of elapsed-time fields first.
    const order = [...def.fields].sort((a, b) => Number(!!ELAPSED_ANCHOR[`${r.dataset}.${a.id}`]) - Number(!!ELAPSED_ANCHOR[`${r.dataset}.${b.id}`]));
    for (const f of order) {
      const src = r.fields.get(f.id);
      if (!src) continue;
      if (f.kind === 'datetime') {
        const { seconds, day } = this.datetimeExprs(f, src, computed);
        computed.set(f.id, seconds);
        columns.push(f.id, `${f.id}_day`);
        exprs.push(seconds, day);
      } else {
        const e = this.fieldExpr(f, src);
        computed.set(f.id, e);
        columns.push(f.id);
        exprs.push(e);
      }
    }
    if (r.dataset === 'subscriptions' && !r.fields.has('mrr') && r.fields.has('amount')) {
      const interval = computed.get('billing_interval');
      const amount = computed.get('amount')!;
      columns.push('mrr');
      exprs.push(interval ? `(${amount}) / NULLIF(${interval}, 0)` : amount);
      if (!interval) {
        this.note('info', 'amount_taken_as_monthly', fieldSourceHeaders(r.fields.get('amount')!), `${tableLabel(r.table)}: no billing interval mapped, so amounts are taken as monthly MRR.`);
      }
    }
    if (r.dataset === 'survey_responses' && r.entry.survey && !r.fields.has('survey')) {
      columns.push('survey');
      exprs.push(literal(r.entry.survey));
    }
    const known = new Set(normalizedColumns(r.dataset).map((c) => c.name));
    for (const c of columns) if (!known.has(c)) throw new Error(`normalize: unknown column ${c} for ${r.dataset}`);
    return { columns, exprs };
  }

  /** One INSERT per month column of a wide MRR sheet: (customer, month, value) for non-blank cells. */
  buildWide(): string[] {
    const { r } = this;
    const cust = r.fields.get('customer_id');
    const custExpr = cust && cust.kind === 'column' ? textOf(cust.column) : 'NULL';
    const n = ident(normalizedTable('mrr_snapshots'));
    return (r.wideMonths ?? []).map(({ column, day }) => {
      const v = this.numberExpr(column);
      return `INSERT INTO ${n} (_src, _row, customer_id, month, mrr) SELECT ${literal(r.table.name)}, t.__row, ${custExpr}, ${day}, ${v} FROM ${ident(r.table.name)} AS t WHERE ${v} IS NOT NULL`;
    });
  }

  dropLookups(): void {
    for (const l of this.lookups) this.db.run(`DROP TABLE IF EXISTS ${l}`);
    this.lookups = [];
  }

  private note(severity: Issue['severity'], code: IssueCode, column: string | null, message: string): void {
    this.notes.push({ severity, code, column, rows: [], table: this.r.table.name, message, params: { table: tableLabel(this.r.table), ...(column ? { column } : {}) } });
  }

  /** A temp table k → values computed in JS over the distinct texts of a column. */
  private lookup(col: ColumnInfo, fn: (text: string) => Array<number | string | null> | null, width: number): string {
    const table = sessionOf(this.db).tempName('kpiw_lookup');
    const name = `temp.${table}`;
    const cols = Array.from({ length: width }, (_, i) => `v${i}`);
    this.db.run(`CREATE TEMP TABLE ${table} (k TEXT PRIMARY KEY, ${cols.join(', ')})`);
    this.lookups.push(name);
    const texts = queryRows(this.db, `SELECT DISTINCT ${textOf(col)} FROM ${ident(this.r.table.name)} AS t WHERE ${textOf(col)} IS NOT NULL`).rows;
    const stmt = this.db.prepare(`INSERT INTO ${name} VALUES (?, ${cols.map(() => '?').join(', ')})`);
    try {
      for (const [k] of texts) {
        const v = fn(String(k));
        if (v) stmt.run([String(k), ...v]);
      }
    } finally {
      stmt.free();
    }
    return name;
  }

  private viaLookup(col: ColumnInfo, name: string, i = 0): string {
    return `(SELECT v${i} FROM ${name} WHERE k = ${textOf(col)})`;
  }

  private numberExpr(col: ColumnInfo): string {
    const t = `t.${ident(col.sqlName)}`;
    switch (col.type) {
      case 'integer': case 'decimal': case 'currency': case 'percent': case 'duration': case 'boolean':
        return `CAST(${t} AS REAL)`;
      case 'text': {
        const l = this.lookup(col, (s) => { const n = this.values.number(s); return n === null ? null : [n]; }, 1);
        return this.viaLookup(col, l);
      }
      default:
        return 'NULL';
    }
  }

  private fieldExpr(f: FieldDef, src: FieldSource): string {
    if (src.kind === 'product') return `(${this.numberExpr(src.columns[0])}) * (${this.numberExpr(src.columns[1])})`;
    const col = src.column;
    const t = `t.${ident(col.sqlName)}`;
    const ds = this.r.dataset;
    switch (f.kind) {
      case 'id':
        return textOf(col);
      case 'text': {
        if (ds === 'tickets' && f.id === 'channel') return this.mapText(col, canonicalChannel);
        if (ds === 'transactions' && f.id === 'type') return this.mapText(col, canonicalTransactionType);
        if (ds === 'survey_responses' && f.id === 'survey') return this.mapText(col, (s) => surveyFromValue(s) ?? s.trim().toLowerCase());
        if (f.id === 'status') return `lower(${textOf(col)})`;
        return textOf(col);
      }
      case 'date':
        return this.dateExprs(col).day;
      case 'amount':
        return this.numberExpr(col);
      case 'number': {
        const unit = durationUnitSeconds(col.name);
        const isTimeField = f.id === 'handle_time' || f.id === 'wait_time' || f.id === 'duration';
        if (isTimeField && col.type === 'text') {
          // Mixed notations in one column ("15", "1:30", "2h 5m"): each cell read as a duration.
          const l = this.lookup(col, (s) => { const d = this.values.duration(s, unit ?? 60); return d === null ? null : [d]; }, 1);
          return this.viaLookup(col, l);
        }
        if (isTimeField && col.type !== 'duration' && unit !== null && unit !== 1) return `(${this.numberExpr(col)}) * ${unit}`;
        if (col.type === 'boolean') return `CAST(${t} AS INTEGER)`;
        if (col.type === 'text') {
          // reopened as yes/no words, or counts written as text.
          const l = this.lookup(col, (s) => { const b = booleanFromText(s); const n = this.values.number(s); return n !== null ? [n] : b !== null ? [b] : null; }, 1);
          return this.viaLookup(col, l);
        }
        return this.numberExpr(col);
      }
      case 'bool':
        switch (col.type) {
          case 'boolean': return `CAST(${t} AS INTEGER)`;
          case 'integer': case 'decimal': return `CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} <> 0 THEN 1 ELSE 0 END`;
          case 'date': case 'datetime': return `CASE WHEN ${t} IS NOT NULL THEN 1 ELSE 0 END`;
          default: {
            const l = this.lookup(col, (s) => { const b = booleanFromText(s); return b === null ? null : [b]; }, 1);
            return this.viaLookup(col, l);
          }
        }
      case 'interval':
        if (col.type === 'integer' || col.type === 'decimal') return `CAST(${t} AS REAL)`;
        return this.viaLookup(col, this.lookup(col, (s) => { const m = billingIntervalMonths(s); return m === null ? null : [m]; }, 1));
      case 'datetime':
        throw new Error('datetime handled by datetimeExprs');
    }
  }

  private mapText(col: ColumnInfo, fn: (s: string) => string): string {
    const l = this.lookup(col, (s) => [fn(s)], 1);
    return this.viaLookup(col, l);
  }

  /** Day number of a date-like column (date-times at their calendar day). */
  private dateExprs(col: ColumnInfo): { day: string; seconds: string } {
    const t = `t.${ident(col.sqlName)}`;
    switch (col.type) {
      case 'date': {
        const day = `CAST(julianday(${t}) - 2440587.5 AS INTEGER)`;
        return { day, seconds: `(${day}) * 86400` };
      }
      case 'datetime':
        return {
          day: `CAST(julianday(substr(${t}, 1, 10)) - 2440587.5 AS INTEGER)`,
          seconds: `CAST(round((julianday(${t}) - 2440587.5) * 86400) AS INTEGER)`,
        };
      case 'integer': {
        // YYYYMMDD integers (CDNOW); date() rejects impossible days such as 19970230.
        const iso = `printf('%04d-%02d-%02d', ${t} / 10000, (${t} / 100) % 100, ${t} % 100)`;
        const day = `CASE WHEN ${t} BETWEEN 10000101 AND 99991231 AND date(${iso}) = ${iso} THEN CAST(julianday(${iso}) - 2440587.5 AS INTEGER) END`;
        return { day, seconds: `(${day}) * 86400` };
      }
      case 'text': {
        const l = this.lookup(col, (s) => { const d = this.values.date(s, col); return d ? [d.day, d.seconds] : null; }, 2);
        return { day: this.viaLookup(col, l, 0), seconds: this.viaLookup(col, l, 1) };
      }
      default:
        return { day: 'NULL', seconds: 'NULL' };
    }
  }

  private datetimeExprs(f: FieldDef, src: FieldSource, computed: Map<string, string>): { seconds: string; day: string } {
    if (src.kind === 'product') return { seconds: 'NULL', day: 'NULL' };
    const col = src.column;
    const anchorField = ELAPSED_ANCHOR[`${this.r.dataset}.${f.id}`];
    const elapsed = col.type === 'duration' || col.type === 'integer' || col.type === 'decimal';
    if (anchorField && elapsed) {
      const anchor = computed.get(anchorField);
      if (!anchor) return { seconds: 'NULL', day: 'NULL' };
      const given = durationUnitSeconds(col.name);
      const unit = col.type === 'duration' ? 1 : given ?? 60;
      if (col.type !== 'duration') {
        this.note('info', 'elapsed_time_field', col.name,
          `${tableLabel(this.r.table)}: "${col.name}" holds an elapsed time, read as ${unit === 1 ? 'seconds' : unit === 60 ? 'minutes' : unit === 3600 ? 'hours' : `${unit} s units`} after ${anchorField}${given === null ? ' (the header names no unit; minutes assumed, as in help-desk exports)' : ''}.`);
      }
      const seconds = `(${anchor}) + CAST(t.${ident(col.sqlName)} AS REAL) * ${unit}`;
      return { seconds, day: floorDay(seconds) };
    }
    const d = this.dateExprs(col);
    return { seconds: d.seconds, day: d.day };
  }
}

function floorDay(seconds: string): string {
  return `(CAST((${seconds}) / 86400 AS INTEGER) - ((${seconds}) < 0 AND CAST(${seconds} AS INTEGER) % 86400 <> 0))`;
}


/**
 * A column's cell as text: the file's raw text where it differs from the typed value, else the
 * typed value (whole numbers without ".0"); blank → NULL.
 */
export function textOf(col: ColumnInfo, alias = 't'): string {
  const v = `${alias}.${ident(col.sqlName)}`;
  const raw = `${alias}.${ident(col.rawSqlName)}`;
  // Text and integer columns need no whole-number formatting (the common, 1M-row case).
  if (col.type === 'text') return `NULLIF(trim(COALESCE(${raw}, ${v})), '')`;
  if (col.type === 'integer') return `NULLIF(trim(COALESCE(${raw}, CAST(${v} AS TEXT))), '')`;
  return `NULLIF(trim(COALESCE(${raw}, CASE WHEN typeof(${v}) = 'real' AND ${v} = CAST(${v} AS INTEGER) AND abs(${v}) < 1e15 THEN CAST(CAST(${v} AS INTEGER) AS TEXT) ELSE CAST(${v} AS TEXT) END)), '')`;
}

export { tableLabel };

// `kpiw sql`: the metric SQL over the normalized schema, rendered for a dialect, so a data team runs
// the same definitions where their data lives. The families are not rewritten for this: they run
// as always, with the chosen dialect, against a recording handle that answers every query with no
// rows — every statement they issue (temp tables, inserts of periods, the metric SELECTs) is
// collected in order. Before them come the CREATE VIEWs mapping the user's warehouse tables (from
// the mapping file) to the normalized tables, or without a mapping the normalized DDL as a contract.
import type { DatasetId, MappingFile, PeriodKind } from '../../shared/types';
import { DATASET_BY_ID, normalizedTable, type FieldKind } from '../mapping/datasets';
import { normalizedColumns, storageOf } from '../mapping/normalizedSchema';
import type { Database } from '../store/database';
import { FAMILIES, METRIC_BY_ID } from './catalog';
import { buildMetricContext } from './context';
import { renderIdentifiers, type SqlDialect } from './dialect';
import { writeDayIndexTable } from './families/money-common';
import { MessageError } from '../messageError';

export interface WarehouseSqlRequest {
  dialect: SqlDialect;
  mapping?: MappingFile | null;
  /** Only these metrics (ids); all when empty. */
  metrics?: string[];
  /** Only these datasets (without a mapping: the schema's mapped datasets). */
  datasets?: DatasetId[];
  fromDay: number;
  asOfDay: number;
  period?: PeriodKind;
}

type Value = number | string | null | Uint8Array;

const literalOf = (v: Value): string =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : 'NULL';

/** Inlines positional (?) and named (:t) parameters as literals (outside quoted text). */
function inline(sql: string, params: unknown): string {
  if (params == null) return sql;
  if (Array.isArray(params)) {
    let i = 0;
    return sql.replace(/\?/g, () => literalOf((params[i++] ?? null) as Value));
  }
  const p = params as Record<string, Value>;
  return sql.replace(/(?<![:\w])([:$@])([A-Za-z_]\w*)/g, (m, s: string, n: string) => (`${s}${n}` in p ? literalOf(p[`${s}${n}`]!) : m));
}

/** A sql.js-shaped handle that records statements and answers every query with no rows. */
function recordingDatabase(): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const record = (sql: string) => {
    const s = sql.trim().replace(/;\s*$/, '');
    if (s && !/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(s)) statements.push(s);
  };
  const prepare = (sql: string) => {
    let bound: unknown = null;
    return {
      bind(p?: unknown) { bound = p ?? null; return true; },
      step() { if (/^\s*(WITH|SELECT)\b/i.test(sql)) record(inline(sql, bound)); return false; },
      get() { return []; },
      getAsObject() { return {}; },
      getColumnNames() { return []; },
      run(p?: unknown) { record(inline(sql, p ?? bound)); },
      reset() { return true; },
      free() { return true; },
    };
  };
  const db = {
    run(sql: string, p?: unknown) { record(inline(sql, p)); return db; },
    exec(sql: string, p?: unknown) { record(inline(sql, p)); return []; },
    prepare,
  };
  return { db: db as unknown as Database, statements };
}

/** Warehouse table name of a mapped source file: its base name without extension (and its sheet). */
export function warehouseTableName(source: string, sheet?: string | null): string {
  const base = source.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return (sheet ? `${base}_${sheet}` : base).replace(/[^\p{L}\p{N}_]+/gu, '_');
}

const TRUE_TEXT = `'1', 'true', 't', 'yes', 'y'`;
const FALSE_TEXT = `'0', 'false', 'f', 'no', 'n'`;

/** SQL of one mapped field of a warehouse table, in storage form (day numbers, epoch seconds, 0/1). */
function fieldExpr(d: SqlDialect, kind: FieldKind, header: string): { expr: string; day?: string } {
  const col = (h: string) => d.quote(h);
  const product = header.match(/^(.+?)\s*\*\s*(.+)$/);
  const source = product ? `CAST(${col(product[1]!)} AS ${d.types.real}) * CAST(${col(product[2]!)} AS ${d.types.real})` : col(header);
  switch (kind) {
    case 'id': case 'text': return { expr: `CAST(${source} AS ${d.types.text})` };
    case 'date': return { expr: d.dayOf(source) };
    case 'datetime': return { expr: d.epochSecondsOf(source), day: d.dayOf(source) };
    case 'amount': case 'number': return { expr: `CAST(${source} AS ${d.types.real})` };
    case 'interval': {
      const t = `LOWER(CAST(${source} AS ${d.types.text}))`;
      return { expr: `CASE WHEN ${t} IN ('month', 'monthly') THEN 1 WHEN ${t} IN ('quarter', 'quarterly') THEN 3 WHEN ${t} IN ('half-year', 'semiannual') THEN 6 WHEN ${t} IN ('year', 'yearly', 'annual', 'annually') THEN 12 ELSE CAST(${source} AS ${d.types.real}) END` };
    }
    case 'bool': {
      const t = `LOWER(CAST(${source} AS ${d.types.text}))`;
      return { expr: `CASE WHEN ${t} IN (${TRUE_TEXT}) THEN 1 WHEN ${t} IN (${FALSE_TEXT}) THEN 0 END` };
    }
  }
}

/** CREATE VIEW n_<dataset> over the warehouse tables the mapping maps to it (UNION ALL of them). */
function mappingViews(d: SqlDialect, mapping: MappingFile, only: Set<DatasetId> | null): { sql: string[]; mapped: Partial<Record<DatasetId, Set<string>>> } {
  const byDataset = new Map<DatasetId, MappingFile['tables']>();
  for (const t of mapping.tables) {
    if (only && !only.has(t.dataset)) continue;
    byDataset.set(t.dataset, [...(byDataset.get(t.dataset) ?? []), t]);
  }
  const out: string[] = [];
  const mapped: Partial<Record<DatasetId, Set<string>>> = {};
  for (const [ds, tables] of byDataset) {
    const def = DATASET_BY_ID.get(ds)!;
    const selects: string[] = [];
    const notes: string[] = [];
    const set = (mapped[ds] ??= new Set());
    for (const t of tables) {
      const name = warehouseTableName(t.source, t.sheet);
      if (Object.values(t.fields).includes('*')) {
        notes.push(`-- ${t.source}: a wide sheet (one column per month) has no SQL view here; unpivot it to (customer_id, month, mrr) first.`);
        continue;
      }
      const cols = [`${literalOf(t.source)} AS _src`, `CAST(ROW_NUMBER() OVER () AS ${d.types.integer}) AS _row`, `CAST(NULL AS ${d.types.text}) AS _seg`];
      for (const f of def.fields) {
        let header = t.fields[f.id];
        let expr: { expr: string; day?: string } | null = header ? fieldExpr(d, f.kind, header) : null;
        if (!expr && ds === 'subscriptions' && f.id === 'mrr' && t.fields.amount) {
          // As the engine does: MRR = amount ÷ billing interval (months), the amount itself without one.
          header = t.fields.amount;
          const amount = fieldExpr(d, 'amount', t.fields.amount).expr;
          expr = { expr: t.fields.billing_interval ? `${amount} / NULLIF(${fieldExpr(d, 'interval', t.fields.billing_interval).expr}, 0)` : amount };
        }
        if (header) set.add(f.id);
        const type = d.types[storageOf(f.kind)];
        cols.push(`${expr ? expr.expr : `CAST(NULL AS ${type})`} AS ${d.quote(f.id)}`);
        if (f.kind === 'datetime') cols.push(`${expr?.day ?? `CAST(NULL AS ${d.types.integer})`} AS ${d.quote(`${f.id}_day`)}`);
      }
      selects.push(`SELECT ${cols.join(',\n  ')}\nFROM ${d.quote(name)}`);
    }
    out.push(...notes);
    if (selects.length) out.push(`CREATE VIEW ${d.quote(normalizedTable(ds))} AS\n${selects.join('\nUNION ALL\n')}`);
  }
  return { sql: out, mapped };
}

/** The normalized schema's DDL, commented: the contract the metric SQL reads. */
function schemaContract(d: SqlDialect, datasets: DatasetId[]): string[] {
  return datasets.map((ds) => {
    const cols = normalizedColumns(ds, d).map((c) => `--   ${d.quote(c.name)} ${c.type}`).join(',\n');
    return `-- CREATE TABLE ${d.quote(normalizedTable(ds))} (\n${cols}\n-- )`;
  });
}

/**
 * A metric's SQL as shown to the user may hold several statements one after the other (a blank
 * line between them, comments in between): split it into statements, at a SELECT/WITH/CREATE that
 * starts a line outside parentheses and does not continue a UNION, so the script is valid SQL.
 */
export function separateStatements(sql: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let depth = 0;
  let lastCode = '';
  // Between a WITH and its main SELECT, a SELECT at depth 0 continues the statement.
  let withHead = false;
  const flush = () => {
    // Comment lines at the end belong to the next statement (a ';' after them would be commented out).
    const carried: string[] = [];
    while (current.length && (!current.at(-1)!.trim() || current.at(-1)!.trim().startsWith('--'))) carried.unshift(current.pop()!);
    const text = current.join('\n').trim().replace(/;\s*$/, '');
    if (text) out.push(text);
    current = carried;
  };
  for (const line of sql.split('\n')) {
    const t = line.trim();
    const code = t.startsWith('--') ? '' : t;
    const mainSelect = withHead && /^SELECT\b/i.test(code) && depth === 0;
    if (code && depth === 0 && !mainSelect && /^(WITH|SELECT|CREATE|INSERT|DROP)\b/i.test(code) && lastCode
      && !/(\bUNION(\s+ALL)?|\bINTERSECT|\bEXCEPT|\(|,|\bAS)$/i.test(lastCode)) { flush(); withHead = false; }
    if (mainSelect) withHead = false;
    if (code && depth === 0 && /^WITH\b/i.test(code)) withHead = true;
    current.push(line);
    if (code) {
      const noStrings = code.replace(/'(?:[^']|'')*'/g, "''").replace(/--.*$/, '');
      for (const c of noStrings) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      lastCode = noStrings.trim().replace(/;$/, '');
      if (noStrings.trim().endsWith(';') && depth === 0) { flush(); lastCode = ''; }
    }
  }
  flush();
  out.push(...current.map((l) => l.trim()).filter(Boolean));
  return out;
}

/** The whole script: header, views (or contract), then per family its statements and per metric its SQL. */
export function warehouseSql(req: WarehouseSqlRequest): string {
  const d = req.dialect;
  const wanted = new Set(req.metrics ?? []);
  for (const id of wanted) {
    if (!METRIC_BY_ID.has(id)) throw new MessageError('engineError.unknownMetricIds', { metric: id, doc: 'docs/METRICS.md', command: 'kpiw analyze --json' }, 'bad_option');
  }
  const only = req.datasets?.length ? new Set(req.datasets) : null;
  for (const ds of only ?? []) if (!DATASET_BY_ID.has(ds)) throw new MessageError('engineError.unknownDataset', { dataset: ds, known: [...DATASET_BY_ID.keys()].join(', ') }, 'bad_option');
  const parts: string[] = [
    `-- KPI Workbench metric SQL, dialect ${d.name}. Normalized tables n_<dataset>: dates are day numbers`,
    '-- (days since 1970-01-01), date-times epoch seconds plus <field>_day, booleans 0/1, amounts monthly.',
    '-- Periods of the analysis are the rows of tmp_periods(idx, key, start, "end"), "end" exclusive.',
  ];
  let mapped: Partial<Record<DatasetId, Set<string>>>;
  if (req.mapping) {
    const views = mappingViews(d, req.mapping, only);
    parts.push('-- Views from the mapping file: each source file is read from the warehouse table of its base name.',
      '-- Columns are taken as typed (DATE/TIMESTAMP, numeric); text dates in local formats need a cast first.', ...views.sql);
    mapped = views.mapped;
  } else {
    const datasets = only ? [...only] : [...DATASET_BY_ID.keys()];
    mapped = Object.fromEntries(datasets.map((ds) => [ds, new Set(DATASET_BY_ID.get(ds)!.fields.map((f) => f.id))]));
    parts.push('-- No mapping file: the normalized schema the SQL below reads (create it, or views named so, in the warehouse).',
      ...schemaContract(d, datasets));
  }
  const printed = new Set<string>();
  for (const family of FAMILIES) {
    const metrics = family.metrics.filter((m) => !wanted.size || wanted.has(m.id));
    if (!metrics.length) continue;
    const { db, statements } = recordingDatabase();
    const ctx = buildMetricContext({ db, dialect: d, mapped, fromDay: req.fromDay, asOfDay: req.asOfDay, period: req.period ?? 'month' });
    let outputs;
    try {
      // The revenue family computes in one ordered scan folded in JS; the SQL it shows is the same
      // definition set-based, over tmp_days (day → period index) and, for snapshots, tmp_snapshot_months.
      if (family.family === 'revenue') {
        writeDayIndexTable(db, 'tmp_days', ctx.periods);
        if (mapped.mrr_snapshots) statements.push('-- tmp_snapshot_months(day, mstart, mend): every day of the snapshot months with its Gregorian month bounds (fill it for the data range)');
      }
      outputs = family.compute(ctx);
    } catch (e) {
      parts.push(`-- family ${family.family}: its SQL depends on the data and is not printed here (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const shown = metrics.filter((m) => outputs.get(m.id)?.sql);
    if (!shown.length) {
      parts.push(`-- family ${family.family}: no metric computable from the mapped fields`);
      continue;
    }
    parts.push(`-- ===== family ${family.family} =====`);
    if (family.family === 'health') {
      // The score combines per-customer measures at each reference date in the engine; its queries
      // are templates over r.t (the reference day), shown as comments rather than as a runnable script.
      parts.push('-- The health score is combined per customer in the engine from these measures (r.t = each reference day);\n'
        + '-- the queries are templates, not a runnable script:');
      for (const m of shown) parts.push(`-- metric ${m.id}: ${m.label}\n${outputs.get(m.id)!.sql.split('\n').map((l) => `--   ${l}`).join('\n')}`);
      continue;
    }
    // Setup statements (temp tables, period rows) in order; the SELECTs are shown per metric below.
    const setup = [...new Set(statements.filter((s) => !/^(WITH|SELECT)\b/i.test(s)))]
      .map((s) => s.replace(/ (INTEGER|TEXT|REAL)\b(?= PRIMARY KEY| NOT NULL|,|\))/g, (m, t: string) => ` ${d.types[t === 'TEXT' ? 'text' : t === 'REAL' ? 'real' : 'integer']}`));
    parts.push(...setup);
    // Metrics of a family share statements (the revenue base, the facts per period): each is printed once.
    for (const m of shown) {
      parts.push(`-- metric ${m.id}: ${m.label}`);
      for (const st of separateStatements(outputs.get(m.id)!.sql)) {
        const code = st.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim();
        if (code && printed.has(code)) { parts.push(`-- (as above) ${code.split('\n')[0]!.slice(0, 100)}`); continue; }
        if (code) printed.add(code);
        // A temp table shown again in another family's SQL is rebuilt, not created twice.
        const temp = /^CREATE TEMP(?:ORARY)? TABLE ([\w"`]+) AS\b/i.exec(code);
        if (temp) parts.push(`DROP TABLE IF EXISTS ${temp[1]}`);
        parts.push(st);
      }
    }
  }
  const commentOnly = (p: string) => p.split('\n').every((l) => !l.trim() || l.trim().startsWith('--'));
  return parts.map((p) => (commentOnly(p) ? p : `${renderIdentifiers(p, d)};`)).join('\n\n') + '\n';
}

// Grid pages of an imported table: sorting and filtering pushed down to SQL with bound parameters
// (user strings are never put into SQL text), optional restriction to the rows behind a metric
// value (drill-down), and the total count for the grid's scrollbar.
import type { ColumnInfo, FilterSpec, RowsPage, RowsRequest, SortSpec, TableInfo } from '../../shared/types';
import type { ComputedColumnSql } from '../mapping/gridColumns';
import { getTable, tableVersion } from './catalog';
import { ident, queryRows, queryValue, type Database, type SqlValue } from './database';
import { sessionOf } from './session';
import { MessageError } from '../messageError';

/** Source rows behind a metric value: table name and its source row numbers (__row). */
export interface DrillRows {
  table: string;
  rows: number[];
}

/** Row lists longer than this go through a temporary table instead of inline parameters. */
const INLINE_ROW_LIST = 500;
/** Tables at least this large get an index for the sort order the grid asks for (kept afterwards). */
const SORT_INDEX_MIN_ROWS = 20_000;
/**
 * Pages ending within this many rows of a sort's start are read by SQLite's bounded sorter (one
 * pass keeping the best rows: under a second at 1M rows); the index, whose build takes seconds at
 * 1M rows, is made only when the grid asks for a page deeper than this.
 */
const TOP_ROWS_WITHOUT_INDEX = 5_000;
const MAX_SORT_INDEXES = 4;
export const MAX_PAGE_ROWS = 10_000;
const ROW_LIST_TABLE = 'temp.__kpiw_row_list';

/**
 * What sorting and filtering need of a column: its typed value and raw text as SQL. A computed
 * column is an expression (over the table aliased `t`) with no raw text.
 */
type PagedColumn = Pick<ColumnInfo, 'name' | 'sqlName' | 'rawSqlName'> & { computed?: true; type?: ColumnInfo['type'] };

/**
 * Computed columns of the table (src/engine/mapping/gridColumns.ts): all can be sorted and filtered
 * by; those `shown` says are appended to every row.
 */
export interface PageComputed { columns: readonly ComputedColumnSql[]; shown: (c: ComputedColumnSql) => boolean }

export function getRowsPage(db: Database, req: RowsRequest, drill?: DrillRows, computed?: PageComputed): RowsPage {
  const info = getTable(db, req.table);
  if (!info) throw new MessageError('engineError.unknownTable', { table: req.table }, 'unknown_table');
  if (drill && drill.table !== info.name) throw new Error(`drill-down rows belong to table "${drill.table}", not "${info.name}"`);
  const shownComputed = computed ? computed.columns.filter(computed.shown) : [];
  const columns = ['__row', ...info.columns.map((c) => c.name), ...shownComputed.map((c) => c.column)];
  const byName = new Map<string, PagedColumn>(info.columns.map((c) => [c.name, c]));
  for (const c of computed?.columns ?? []) byName.set(c.column, { name: c.column, sqlName: c.sql, rawSqlName: 'NULL', computed: true });
  const column = (name: string): PagedColumn => {
    const c = byName.get(name);
    if (!c) throw new MessageError('engineError.unknownColumn', { table: info.name, column: name }, 'unknown_column');
    return c;
  };

  const where: string[] = [];
  const params: SqlValue[] = [];
  let rowListUsed = false;
  const restrictRows = (rows: number[]) => {
    if (rows.length <= INLINE_ROW_LIST) {
      where.push(rows.length === 0 ? '0' : `"__row" IN (${rows.map(() => '?').join(',')})`);
      params.push(...rows);
      return;
    }
    // One temporary row list per request; a second long list is intersected into it.
    fillRowList(db, rows, rowListUsed);
    if (!rowListUsed) where.push(`"__row" IN (SELECT r FROM ${ROW_LIST_TABLE})`);
    rowListUsed = true;
  };
  if (drill) restrictRows(drill.rows);
  // Computed values follow the mapping (normalized tables), not the table's version: not cached.
  let filtersComputed = false;
  for (const f of req.filters ?? []) {
    if (f.kind === 'rows') { restrictRows(f.rows); continue; }
    const c = column(f.column);
    if (c.computed) filtersComputed = true;
    const sql = filterSql(c, f, params);
    if (sql) where.push(sql);
  }

  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const table = `${ident(info.name)} AS t`;
  const limit = Math.max(0, Math.min(MAX_PAGE_ROWS, Math.floor(req.limit)));
  const offset = Math.max(0, Math.floor(req.offset));
  const order = orderSql(db, info, req.sort ?? [], column, '', offset + limit > TOP_ROWS_WITHOUT_INDEX);
  // Unsorted and unfiltered, the rows are __row order: a page deep into a table whose row numbers
  // run without gaps starts at a row number (a key lookup) instead of stepping over `offset` rows.
  const contiguous = where.length === 0 && (req.sort ?? []).length === 0 && offset > 0 ? firstRowIfContiguous(db, info) : null;
  if (contiguous !== null) {
    where.push(`"__row" >= ?`);
    params.push(contiguous + offset);
  }
  const pageWhere = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const pageOffset = contiguous !== null ? 0 : offset;
  // The sort runs over narrow rows (keys and __row only); the page's cells are fetched for the
  // rows it selects. Deep pages of a 1M-row table then sort keys, not whole rows.
  const shownFromTable = [...info.columns.map((c) => `COALESCE(t.${c.sqlName}, t.${c.rawSqlName})`), ...shownComputed.map((c) => c.sql)].join(', ');
  const page = queryRows(
    db,
    `WITH page AS (SELECT "__row" AS r FROM ${table}${pageWhere} ORDER BY ${order} LIMIT ? OFFSET ?) `
      + `SELECT t."__row"${shownFromTable ? ', ' + shownFromTable : ''} FROM page JOIN ${table} ON t."__row" = page.r `
      + `ORDER BY ${orderSql(db, info, req.sort ?? [], column, 't.', false)}`,
    [...params, limit, pageOffset],
  );
  if (contiguous !== null) params.pop();
  const total = whereSql === '' ? info.rowCount : countRows(db, info.name, `SELECT COUNT(*) FROM ${table}${whereSql}`, params, !rowListUsed && !filtersComputed);
  return { columns, rows: page.rows as Array<Array<string | number | null>>, total };
}

/**
 * Matching-row counts, cached per (table version, query, parameters): the grid asks for page after
 * page with the same filters, and counting 1M rows each time costs hundreds of milliseconds.
 * Queries over the temporary row list are not cached (its content changes between requests).
 */

function countRows(db: Database, tableName: string, sql: string, params: SqlValue[], cacheable: boolean): number {
  const count = () => Number(queryValue(db, sql, params) ?? 0);
  if (!cacheable) return count();
  const session = sessionOf(db);
  // Computed columns read the normalized tables: a new mapping generation can change their counts.
  const key = JSON.stringify([tableVersion(db, tableName), session.mappingGeneration, sql, params]);
  const cache = session.rowCounts;
  return cache.get(key) ?? cache.set(key, count());
}

function fillRowList(db: Database, rows: number[], intersect: boolean): void {
  if (!intersect) {
    db.run(`CREATE TEMP TABLE IF NOT EXISTS __kpiw_row_list (r INTEGER PRIMARY KEY)`);
    db.run(`DELETE FROM ${ROW_LIST_TABLE}`);
    const stmt = db.prepare(`INSERT OR IGNORE INTO ${ROW_LIST_TABLE} VALUES (?)`);
    try { for (const r of rows) stmt.run([r]); } finally { stmt.free(); }
    return;
  }
  db.run(`CREATE TEMP TABLE IF NOT EXISTS __kpiw_row_list2 (r INTEGER PRIMARY KEY)`);
  db.run(`DELETE FROM temp.__kpiw_row_list2`);
  const stmt = db.prepare(`INSERT OR IGNORE INTO temp.__kpiw_row_list2 VALUES (?)`);
  try { for (const r of rows) stmt.run([r]); } finally { stmt.free(); }
  db.run(`DELETE FROM ${ROW_LIST_TABLE} WHERE r NOT IN (SELECT r FROM temp.__kpiw_row_list2)`);
}

/**
 * The cell as the grid shows it, as text: the raw text when kept, else the typed value (reals
 * that are whole numbers without a trailing ".0", as the file wrote them).
 */
function shownTextSql(c: PagedColumn): string {
  const v = c.sqlName;
  // A text column holds text only: no number to write as the file did.
  if (c.type === 'text') return `COALESCE(${c.rawSqlName}, ${v})`;
  return `COALESCE(${c.rawSqlName}, CASE WHEN typeof(${v}) = 'real' AND ${v} = CAST(${v} AS INTEGER) `
    + `THEN CAST(CAST(${v} AS INTEGER) AS TEXT) ELSE CAST(${v} AS TEXT) END)`;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

function filterSql(c: PagedColumn, f: Exclude<FilterSpec, { kind: 'rows' }>, params: SqlValue[]): string | null {
  const v = c.sqlName;
  const blank = `(${v} IS NULL AND ${c.rawSqlName} IS NULL)`;
  if (f.kind === 'invalid') return `(${v} IS NULL AND ${c.rawSqlName} IS NOT NULL)`;
  if (f.op === 'blank') return blank;
  if (f.op === 'notBlank') return `NOT ${blank}`;
  const need = <T>(value: T | undefined, what: 'value' | 'number' | 'upperBound' | 'date' | 'endDate'): T => {
    if (value === undefined || value === null) throw new MessageError('engineError.filterNeeds', { op: f.op, column: c.name, what: { key: `engineError.filterValue.${what}` } }, 'bad_filter');
    return value;
  };
  if (f.kind === 'text') {
    const text = shownTextSql(c);
    const value = need(f.value, 'value');
    switch (f.op) {
      case 'contains': params.push(`%${likeEscape(value)}%`); return `${text} LIKE ? ESCAPE '\\'`;
      case 'notContains': params.push(`%${likeEscape(value)}%`); return `(${text} IS NULL OR ${text} NOT LIKE ? ESCAPE '\\')`;
      case 'startsWith': params.push(`${likeEscape(value)}%`); return `${text} LIKE ? ESCAPE '\\'`;
      case 'equals': params.push(value); return `${text} = ?`;
    }
  }
  if (f.kind === 'number') {
    const value = need(f.value, 'number');
    const ops = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
    if (f.op === 'between') {
      params.push(value, need(f.valueTo, 'upperBound'));
      return `${v} BETWEEN ? AND ?`;
    }
    params.push(value);
    return f.op === 'ne' ? `(${v} IS NULL OR ${v} <> ?)` : `${v} ${ops[f.op]} ?`;
  }
  if (f.kind === 'date') {
    // Stored dates are 'YYYY-MM-DD' (datetimes 'YYYY-MM-DD HH:MM:SS'): compare the date part.
    const day = `substr(${v}, 1, 10)`;
    const value = need(f.value, 'date');
    switch (f.op) {
      case 'eq': params.push(value); return `${day} = ?`;
      case 'before': params.push(value); return `${day} < ?`;
      case 'after': params.push(value); return `${day} > ?`;
      case 'between': params.push(value, need(f.valueTo, 'endDate')); return `${day} BETWEEN ? AND ?`;
    }
  }
  return null;
}

/** The first row number when the table's row numbers run from it without gaps (min and max are key lookups). */
function firstRowIfContiguous(db: Database, info: TableInfo): number | null {
  // Two subqueries: SQLite answers a lone min() or max() from the key, both in one SELECT by a scan.
  const t = ident(info.name);
  const [first, last] = (queryRows(db, `SELECT (SELECT min("__row") FROM ${t}), (SELECT max("__row") FROM ${t})`).rows[0] ?? []) as Array<number | null>;
  return typeof first === 'number' && typeof last === 'number' && last - first + 1 === info.rowCount ? first : null;
}

function orderSql(db: Database, info: TableInfo, sort: SortSpec[], column: (name: string) => PagedColumn, prefix: string, deep: boolean): string {
  const terms: string[] = [];
  let onComputed = false;
  for (const s of sort) {
    const dir = s.direction === 'desc' ? 'DESC' : 'ASC';
    if (s.column === '__row') { terms.push(`${prefix}"__row" ${dir}`); continue; }
    const c = column(s.column);
    if (c.computed) {
      // An expression over `t`, the same in the key query and the page's; raw text it has none.
      onComputed = true;
      terms.push(`(${c.sqlName} IS NULL)`, `${c.sqlName} ${dir}`);
      continue;
    }
    const v = `${prefix}${c.sqlName}`;
    // NULLs (blank and invalid cells) last in both directions; invalid cells ordered by raw text.
    terms.push(`(${v} IS NULL)`, `${v} ${dir}`, `${prefix}${c.rawSqlName} ${dir}`);
  }
  terms.push(`${prefix}"__row"`);
  // An index cannot hold a subquery: sorts on computed columns run unindexed.
  if (!prefix && deep && !onComputed && sort.length > 0 && info.rowCount >= SORT_INDEX_MIN_ROWS) ensureSortIndex(db, info, sort, column, terms);
  return terms.join(', ');
}

/**
 * An index in exactly the sort order (NULLs last in both directions, so a descending sort is not
 * the ascending index read backwards): deep pages of a large sorted table then walk the index
 * instead of sorting the table for every page (sorting 1M rows in sql.js takes seconds). Built on
 * first use, kept with the table; at most MAX_SORT_INDEXES per table (later sorts run unindexed).
 */
function ensureSortIndex(db: Database, info: TableInfo, sort: SortSpec[], column: (name: string) => PagedColumn, terms: string[]): void {
  const key = sort.map((s) => `${s.column === '__row' ? 'row' : column(s.column).sqlName}${s.direction === 'desc' ? 'd' : 'a'}`).join('_');
  const name = `${info.name}__sort_${key}`;
  const prefix = `${info.name}__sort_`;
  const existing = queryRows(db, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [info.name]).rows
    .map((r) => String(r[0])).filter((n) => n.startsWith(prefix));
  if (existing.includes(name) || existing.length >= MAX_SORT_INDEXES) return;
  db.run(`CREATE INDEX ${ident(name)} ON ${ident(info.name)} (${terms.join(', ')})`);
}

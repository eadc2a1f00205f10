// The sql.js database every engine part works on. One place loads the WebAssembly module and
// wraps the few query helpers the rest of the engine needs.
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue, BindParams } from 'sql.js';

export type { Database, SqlValue, BindParams };

let sqlJs: Promise<SqlJsStatic> | null = null;

/** Loads sql.js once per process (Node: the .wasm file next to sql.js's own dist). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

/** A new in-memory database, or one opened from the bytes of a saved SQLite file. */
export async function openDatabase(bytes?: Uint8Array): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = bytes ? new SQL.Database(bytes) : new SQL.Database();
  // Speed over durability: the database lives in memory and is saved whole by the workspace module.
  db.run('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;');
  return db;
}

export type Row = Record<string, SqlValue>;

/** All result rows as objects. */
export function queryAll(db: Database, sql: string, params?: BindParams): Row[] {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    const out: Row[] = [];
    while (stmt.step()) out.push(stmt.getAsObject() as Row);
    return out;
  } finally {
    stmt.free();
  }
}

/** All result rows as arrays (cheaper than objects for large pages). */
export function queryRows(db: Database, sql: string, params?: BindParams): { columns: string[]; rows: SqlValue[][] } {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    const rows: SqlValue[][] = [];
    while (stmt.step()) rows.push(stmt.get());
    return { columns: stmt.getColumnNames(), rows };
  } finally {
    stmt.free();
  }
}

export function queryOne(db: Database, sql: string, params?: BindParams): Row | undefined {
  return queryAll(db, sql, params)[0];
}

/** The first column of the first row. */
export function queryValue(db: Database, sql: string, params?: BindParams): SqlValue | undefined {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    return stmt.step() ? stmt.get()[0] : undefined;
  } finally {
    stmt.free();
  }
}

/** Runs fn inside one transaction; rolls back when it throws. */
export function transaction<T>(db: Database, fn: () => T): T {
  db.run('BEGIN');
  try {
    const out = fn();
    db.run('COMMIT');
    return out;
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}

/** Quotes an SQL identifier (standard SQL: doubled double quotes; SQLite and DuckDB alike). */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes an SQL string literal (standard SQL: doubled single quotes). Every hand-built SQL string
 * goes through this or through a bound parameter. */
export function literal(text: string): string {
  return "'" + text.replace(/'/g, "''") + "'";
}

/** Whether the database has a table of that name. */
export function tableExists(db: Database, name: string): boolean {
  return queryRows(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]).rows.length > 0;
}

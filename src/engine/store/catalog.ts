// The catalog of imported tables, kept in the database itself (table __kpiw_tables) so a saved
// workspace carries its tables' metadata: one TableInfo JSON per imported table.
import type { TableInfo } from '../../shared/types';
import { ident, queryAll, queryValue, type Database } from './database';
import { sessionOf } from './session';
import { MessageError } from '../messageError';

export const CATALOG_TABLE = '__kpiw_tables';

function ensureCatalog(db: Database): void {
  db.run(`CREATE TABLE IF NOT EXISTS ${CATALOG_TABLE} (name TEXT PRIMARY KEY, info TEXT NOT NULL)`);
}

/** Imported tables in import order. */
export function listTables(db: Database): TableInfo[] {
  ensureCatalog(db);
  return queryAll(db, `SELECT info FROM ${CATALOG_TABLE} ORDER BY rowid`).map((r) => JSON.parse(String(r.info)) as TableInfo);
}

export function getTable(db: Database, name: string): TableInfo | undefined {
  ensureCatalog(db);
  const info = queryValue(db, `SELECT info FROM ${CATALOG_TABLE} WHERE name = ?`, [name]);
  return typeof info === 'string' ? (JSON.parse(info) as TableInfo) : undefined;
}

export function saveTableInfo(db: Database, info: TableInfo): void {
  ensureCatalog(db);
  db.run(`INSERT OR REPLACE INTO ${CATALOG_TABLE} (name, info) VALUES (?, ?)`, [info.name, JSON.stringify(info)]);
  bumpVersion(db, info.name);
}

/**
 * Imported tables never change once written; a name can still be reused after removal. The
 * version (per database object, per table name) changes whenever a table is saved or removed, so
 * caches of derived values (row counts per filter) know when they are stale.
 */
export function tableVersion(db: Database, name: string): number {
  return sessionOf(db).tableVersion(name);
}

function bumpVersion(db: Database, name: string): void {
  sessionOf(db).tableChanged(name);
}

/** Drops an imported table and its catalog entry. Unknown names are an error (nothing to remove). */
export function removeTable(db: Database, name: string): void {
  if (!getTable(db, name)) throw new MessageError('engineError.unknownTable', { table: name }, 'unknown_table');
  db.run(`DROP TABLE IF EXISTS ${ident(name)}`);
  db.run(`DELETE FROM ${CATALOG_TABLE} WHERE name = ?`, [name]);
  bumpVersion(db, name);
}

/** Every table name in use in the database (imported, normalized, internal), lowercased. */
export function usedTableNames(db: Database): Set<string> {
  const rows = queryAll(db, `SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`);
  const names = new Set(rows.map((r) => String(r.name).toLowerCase()));
  ensureCatalog(db);
  for (const r of queryAll(db, `SELECT name FROM ${CATALOG_TABLE}`)) names.add(String(r.name).toLowerCase());
  return names;
}

/**
 * An SQL-safe, unique table name from a file's base name (and sheet): lowercase letters (any
 * script, so Persian/Thai/Chinese names stay readable), digits and underscores; never starting
 * with a digit or an underscore; "t1", "t2"… when nothing usable is left.
 */
export function uniqueTableName(db: Database, source: string, sheet: string | null): string {
  const base = (source.split(/[\\/]/).pop() ?? source).replace(/\.[^.]*$/, '');
  const raw = sheet ? `${base}_${sheet}` : base;
  let name = raw.normalize('NFC').toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  // SQLite reserves names starting with "sqlite".
  if (name && (/^\p{N}/u.test(name) || name.startsWith('sqlite'))) name = `t_${name}`;
  if (name.length > 60) name = name.slice(0, 60).replace(/_+$/, '');
  const used = usedTableNames(db);
  if (!name) {
    for (let k = 1; ; k++) if (!used.has(`t${k}`)) return `t${k}`;
  }
  if (!used.has(name)) return name;
  for (let k = 2; ; k++) if (!used.has(`${name}_${k}`)) return `${name}_${k}`;
}

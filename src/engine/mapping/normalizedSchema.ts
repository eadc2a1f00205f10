// DDL of the normalized tables n_<dataset> the metrics read (see metrics/types.ts for the layout).
// Used by mapping/normalize.ts to build them from the mapping, and by tests to build them directly.
import type { DatasetId } from '../../shared/types';
import { DATASET_BY_ID, normalizedTable, type FieldKind } from './datasets';
import { ident, type Database } from '../store/database';
import { sqlite, type SqlDialect } from '../metrics/dialect';

/** Storage class of a field kind in n_* tables (the dialect names the type). */
export function storageOf(kind: FieldKind): 'text' | 'integer' | 'real' {
  switch (kind) {
    case 'id': case 'text': return 'text';
    case 'date': case 'bool': return 'integer';
    case 'datetime': case 'amount': case 'number': case 'interval': return 'real';
  }
}

/** Column definitions of n_<dataset>: bookkeeping columns, then every field of the dataset. */
export function normalizedColumns(dataset: DatasetId, dialect: SqlDialect = sqlite): Array<{ name: string; type: string }> {
  const def = DATASET_BY_ID.get(dataset);
  if (!def) throw new Error(`unknown dataset ${dataset}`);
  const t = dialect.types;
  const cols = [
    { name: '_src', type: t.text },
    { name: '_row', type: t.integer },
    { name: '_seg', type: t.text },
  ];
  for (const f of def.fields) {
    cols.push({ name: f.id, type: t[storageOf(f.kind)] });
    if (f.kind === 'datetime') cols.push({ name: `${f.id}_day`, type: t.integer });
  }
  return cols;
}

/** (Re)creates the empty normalized table of a dataset. Every field column exists; unmapped ones stay NULL. */
export function createNormalizedTable(db: Database, dataset: DatasetId, dialect: SqlDialect = sqlite): string {
  const name = normalizedTable(dataset);
  const cols = normalizedColumns(dataset, dialect).map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  db.run(`DROP TABLE IF EXISTS ${ident(name)}; CREATE TABLE ${ident(name)} (${cols});`);
  return name;
}

/**
 * Indexes on the columns metrics filter and join on. With `fields` (the mapped ones), only those
 * are indexed — an index over a column of NULLs costs seconds at 1M rows and serves nobody — and
 * `_seg` is left to whoever fills it (segment columns are chosen later, and updating an indexed
 * column is slower than indexing it afterwards).
 */
export function indexNormalizedTable(db: Database, dataset: DatasetId, fields?: ReadonlySet<string>): void {
  const name = normalizedTable(dataset);
  const def = DATASET_BY_ID.get(dataset)!;
  const wanted = (f: { id: string }) => !fields || fields.has(f.id);
  const indexed = def.fields.filter((f) => (f.kind === 'id' || f.kind === 'date') && wanted(f)).map((f) => f.id);
  for (const f of def.fields) if (f.kind === 'datetime' && wanted(f)) indexed.push(`${f.id}_day`);
  for (const col of fields ? indexed : [...indexed, '_seg']) {
    db.run(`CREATE INDEX IF NOT EXISTS ${ident(`ix_${name}_${col}`)} ON ${ident(name)} (${ident(col)})`);
  }
  if (!fields) db.run(`CREATE INDEX IF NOT EXISTS ${ident(`ix_${name}_src_row`)} ON ${ident(name)} (_src, _row)`);
}

/**
 * Inserts rows given as { field: value } objects (values already in storage form: day numbers,
 * epoch seconds, numbers, 0/1). `_src`/`_row` default to 'test'/index+1 — meant for tests and
 * small derived data; the mapping builds n_* tables with INSERT … SELECT.
 */
export function insertNormalizedRows(db: Database, dataset: DatasetId, rows: Array<Record<string, unknown>>): void {
  const name = normalizedTable(dataset);
  const cols = normalizedColumns(dataset).map((c) => c.name);
  const stmt = db.prepare(`INSERT INTO ${ident(name)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  try {
    db.run('BEGIN');
    rows.forEach((r, i) => {
      stmt.run(cols.map((c) => {
        let v = r[c];
        if (v === undefined) {
          if (c === '_src') v = 'test';
          else if (c === '_row') v = i + 1;
          else if (c.endsWith('_day') && typeof r[c.slice(0, -4)] === 'number') v = Math.floor((r[c.slice(0, -4)] as number) / 86_400);
          else v = null;
        }
        if (typeof v === 'boolean') v = v ? 1 : 0;
        return v as number | string | null;
      }));
    });
    db.run('COMMIT');
  } finally {
    stmt.free();
  }
}

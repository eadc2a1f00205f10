// Writes an imported table: CREATE TABLE with the storage conventions of HELPERS/ARCHITECTURE
// (__row = source row number, c<i> typed, c<i>_raw raw text), then batched inserts.
//
// Inserts use one prepared multi-row INSERT (ROWS_PER_STATEMENT rows of bound parameters per
// step): in sql.js every step() crosses the JS↔WebAssembly boundary, so fewer, wider steps are much
// faster than one step per row (measured: 1M rows × 8 columns ≈ 3.7 s one row per step, ≈ 1.4 s
// with 200 rows per step; SQL text with literal values instead of parameters is slower, ≈ 5.4 s;
// 50 or 1000 rows per step are no faster than 200; one JSON text per batch read with json_each is
// 5× slower; leaving out of each statement the columns NULL in all its rows saved under 5%, within
// the noise, so every column is bound). What remains is sql.js's own cost: a call per bound value,
// UTF-8 copies of strings, and the in-memory database file growing by 1/8 at a time (each growth
// copies the whole file: about a fifth of the insert time on 1M rows).
import type { ColumnType } from '../../shared/types';
import { ident, type Database, type SqlValue } from './database';

const ROWS_PER_STATEMENT = 200;
/** SQLite's default limit on bound parameters per statement. */
const MAX_PARAMS = 32766;

export function sqlTypeOf(type: ColumnType): 'INTEGER' | 'REAL' | 'TEXT' {
  switch (type) {
    case 'integer': case 'boolean': return 'INTEGER';
    case 'decimal': case 'currency': case 'percent': case 'duration': return 'REAL';
    default: return 'TEXT';
  }
}

export function typedColumnName(index: number): string {
  return `c${index}`;
}

export function rawColumnName(index: number): string {
  return `c${index}_raw`;
}

export class TableWriter {
  private readonly width: number;
  private readonly rowsPerStatement: number;
  private readonly statement: ReturnType<Database['prepare']>;
  /** Parameters of one full statement, reused. */
  private readonly params: SqlValue[];
  private pending = 0;
  private inTransaction = false;
  private closed = false;

  /** Creates the table (which must not exist) and prepares the insert statement. */
  constructor(private readonly db: Database, readonly name: string, types: ColumnType[]) {
    const columns = ['"__row" INTEGER PRIMARY KEY'];
    types.forEach((t, i) => columns.push(`${typedColumnName(i)} ${sqlTypeOf(t)}`, `${rawColumnName(i)} TEXT`));
    db.run(`CREATE TABLE ${ident(name)} (${columns.join(', ')})`);
    this.width = 1 + 2 * types.length;
    this.rowsPerStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / this.width)));
    this.statement = db.prepare(this.insertSql(this.rowsPerStatement));
    this.params = new Array<SqlValue>(this.width * this.rowsPerStatement);
  }

  private insertSql(rows: number): string {
    const tuple = `(${new Array(this.width).fill('?').join(',')})`;
    return `INSERT INTO ${ident(this.name)} VALUES ${new Array(rows).fill(tuple).join(',')}`;
  }

  /** Starts a transaction (one per source batch: bounded journal, cheap commits). */
  begin(): void {
    if (!this.inTransaction) { this.db.run('BEGIN'); this.inTransaction = true; }
  }

  /** Adds one row: its source row number and [typed, raw] per column, flattened. */
  add(rowNumber: number, values: SqlValue[]): void {
    const base = this.pending * this.width;
    this.params[base] = rowNumber;
    for (let k = 0; k < values.length; k++) this.params[base + 1 + k] = values[k];
    if (++this.pending === this.rowsPerStatement) {
      this.statement.run(this.params);
      this.pending = 0;
    }
  }

  /** Flushes pending rows and commits the current transaction. */
  commit(): void {
    if (this.pending > 0) {
      const tail = this.db.prepare(this.insertSql(this.pending));
      try { tail.run(this.params.slice(0, this.pending * this.width)); } finally { tail.free(); }
      this.pending = 0;
    }
    if (this.inTransaction) { this.db.run('COMMIT'); this.inTransaction = false; }
  }

  /** Releases the prepared statement (after the last commit, or when abandoning the table). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statement.free();
  }

  /** Abandons the import: rolls back what is not committed and drops the table. */
  drop(): void {
    this.pending = 0;
    if (this.inTransaction) { this.db.run('ROLLBACK'); this.inTransaction = false; }
    this.close();
    this.db.run(`DROP TABLE IF EXISTS ${ident(this.name)}`);
  }
}

// Reads one side of a reconciliation from the normalized table of its dataset: the rows that came
// from one imported table (`_src`), so two tables mapped to the same dataset stay apart.
import type { Database } from '../store/database';
import { ident, literal, queryRows, tableExists } from '../store/database';
import { allSidesTable, normalizedTable } from '../mapping/datasets';
import { mappingEntryOf, tableLabel } from '../mapping/mappingFile';
import type { MappingFile, TableInfo } from '../../shared/types';
import { RECONCILABLE_DATASETS } from '../../shared/api';
import type { ReconcileDataset, ReconcileRecord, ReconcileSide } from './reconcile';
import { MessageError } from '../messageError';


export interface SideInfo { table: TableInfo; dataset: ReconcileDataset; side: ReconcileSide; skipped: number }

/** The table named (by SQL name, or by source file name) and its mapped rows; refusals are MessageErrors (reconcile.error.*). */
export function readSide(db: Database, tables: readonly TableInfo[], mapping: MappingFile, name: string, which: 'left' | 'right'): SideInfo {
  const table = tables.find((t) => t.name === name) ?? tables.find((t) => t.source === name)
    ?? tables.find((t) => t.source.split(/[\\/]/).pop() === name);
  const side = { key: `reconcile.error.side.${which}` };
  if (!table) throw new MessageError('reconcile.error.notInWorkspace', { side, table: name }, 'reconcile');
  const entry = mappingEntryOf(mapping, tables, table);
  if (!entry) throw new MessageError('reconcile.error.notMapped', { side, table: table.name, source: tableLabel(table) }, 'reconcile');
  const dataset = entry.dataset as ReconcileDataset;
  if (!(RECONCILABLE_DATASETS as readonly string[]).includes(dataset)) {
    throw new MessageError('reconcile.error.notReconcilable', { side, table: table.name, dataset: { key: `dataset.${entry.dataset}` } }, 'reconcile');
  }
  const cols = dataset === 'subscriptions' ? 'start_date, end_date, mrr'
    : dataset === 'mrr_snapshots' ? 'month, NULL, mrr' : 'date, NULL, amount';
  const { rows } = queryRows(db, `SELECT _row, customer_id, email, name, ${cols} FROM ${ident(tableExists(db, allSidesTable(dataset)) ? allSidesTable(dataset) : normalizedTable(dataset))} WHERE _src = ${literal(table.name)}`);
  const records: ReconcileRecord[] = [];
  let skipped = 0;
  for (const [row, id, email, nm, a, b, v] of rows) {
    // Rows without a customer or an amount are already reported by the mapping's validation.
    if (id === null || id === undefined || String(id).trim() === '' || typeof v !== 'number' || !Number.isFinite(v)) { skipped++; continue; }
    const d = typeof a === 'number' ? a : null;
    records.push({
      row: Number(row), customerId: String(id), email: email == null ? null : String(email), name: nm == null ? null : String(nm), value: v,
      ...(dataset === 'transactions' ? { date: d } : { start: d, end: typeof b === 'number' ? b : null }),
    });
  }
  return { table, dataset, side: { dataset, records }, skipped };
}

// The reconciliation view's choices (pure, tested): which tables can be reconciled, the pair to
// start with, and the manual match list after one more match by hand.
import { RECONCILABLE_DATASETS, type ManualMatchSpec } from '../../shared/api';
import type { DatasetId, MappingFile, TableInfo, TableRef } from '../../shared/types';
import { baseName } from './datasets';
import { BALANCE_DATASETS } from '../../shared/catalog/datasets';

export const isReconcilable = (t: TableInfo): boolean =>
  !!t.mapping && (RECONCILABLE_DATASETS as readonly string[]).includes(t.mapping.entry.dataset);

/** Tables mapped to the same reconcilable dataset as `table`, other than itself. */
export function counterparts(tables: readonly TableInfo[], table: TableInfo): TableInfo[] {
  if (!isReconcilable(table)) return [];
  return tables.filter((t) => t.name !== table.name && isReconcilable(t) && t.mapping!.entry.dataset === table.mapping!.entry.dataset);
}

/** The two tables to start with: `want` on the right beside another of its dataset, else the first two of one dataset. */
export function defaultPair(tables: readonly TableInfo[], want: string | null): { left: string; right: string } | null {
  const wanted = want ? tables.find((t) => t.name === want) : undefined;
  if (wanted) {
    const other = counterparts(tables, wanted)[0];
    if (other) return { left: other.name, right: wanted.name };
  }
  for (const a of tables) {
    const b = counterparts(tables, a)[0];
    if (b) return { left: a.name, right: b.name };
  }
  return null;
}

/** The manual list with `m` replacing every earlier entry of the same left (or, when matching, the same right) customer. */
export function withManual(list: readonly ManualMatchSpec[], m: ManualMatchSpec): ManualMatchSpec[] {
  return [...list.filter((x) => x.leftId !== m.leftId && (m.rightId === null || x.rightId !== m.rightId)), m];
}

const names = (ref: TableRef, t: TableInfo): boolean =>
  baseName(ref.source).toLowerCase() === baseName(t.source).toLowerCase() && (ref.sheet ?? null) === (t.sheet ?? null);

/** The matches made by hand the mapping keeps for reconciling `left` with `right`. */
export function manualMatchesOf(mapping: MappingFile, left: TableInfo, right: TableInfo): ManualMatchSpec[] {
  return mapping.reconciliations?.find((r) => names(r.left, left) && names(r.right, right))?.manual ?? [];
}

/** Datasets of balances mapped from more than one table: the KPIs need one source of truth for each. */
export function datasetsNeedingSourceOfTruth(tables: readonly TableInfo[]): Array<{ dataset: DatasetId; tables: TableInfo[] }> {
  const by = new Map<DatasetId, TableInfo[]>();
  for (const t of tables) {
    const ds = t.mapping?.entry.dataset;
    if (ds && BALANCE_DATASETS.has(ds)) by.set(ds, [...(by.get(ds) ?? []), t]);
  }
  return [...by].filter(([, list]) => list.length > 1).map(([dataset, list]) => ({ dataset, tables: list }));
}

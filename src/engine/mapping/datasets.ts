// The engine's side of the dataset catalog (src/shared/catalog/datasets.ts): how mapped tables are
// stored. The datasets and fields themselves are re-exported so engine modules keep one import.
import type { DatasetId } from '../../shared/types';

export { DATASETS, DATASET_BY_ID, fieldDef, type DatasetDef, type FieldDef, type FieldKind } from '../../shared/catalog/datasets';

/** Name of the normalized table a dataset's mapped tables are unioned into. */
export function normalizedTable(dataset: DatasetId): string {
  return `n_${dataset}`;
}

/**
 * Every mapped table's rows of a dataset whose KPIs use only its source of truth (the normalized
 * table then holds that table's rows alone); what reconciliation reads. Absent otherwise.
 */
export function allSidesTable(dataset: DatasetId): string {
  return `n_${dataset}__all`;
}

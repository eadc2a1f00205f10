// Renderer helpers around tables and their mapping. The datasets and fields themselves are the
// catalog's (src/shared/catalog/datasets.ts).
import type { DatasetId, TableInfo } from '../../shared/types';

/** The file name of a path, as mapping files name sources (matched by base name). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Datasets whose tables are the most telling to show first (the customers and their money). */
const SHOW_FIRST: readonly DatasetId[] = ['subscriptions', 'mrr_snapshots', 'transactions', 'tickets', 'survey_responses', 'calls', 'usage_events', 'trials', 'renewals', 'costs', 'events', 'customers'];

/**
 * The table to show after an import: the first of the most telling mapped dataset, else the first
 * table. Each table's mapping entry is the one the engine resolved (TableInfo.mapping).
 */
export function preferredTable(tables: readonly TableInfo[]): TableInfo | undefined {
  let best: TableInfo | undefined;
  let bestRank = Infinity;
  for (const t of tables) {
    const m = t.mapping?.entry;
    const rank = m ? SHOW_FIRST.indexOf(m.dataset) : SHOW_FIRST.length;
    if (rank < bestRank) { best = t; bestRank = rank; }
  }
  return best;
}

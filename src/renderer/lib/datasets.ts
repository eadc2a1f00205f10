// Renderer helpers around tables and their mapping. The datasets and fields themselves are the
// catalog's (src/shared/catalog/datasets.ts).
import type { DatasetId, SurveyKind, TableMapping, TableInfo } from '../../shared/types';

export const SURVEY_KINDS: readonly SurveyKind[] = ['nps', 'csat', 'ces', 'esat'];

/** The file name of a path, as mapping files name sources (matched by base name). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** The mapping entry of a table, matched like the engine does: base name of the source and sheet. */
export function mappingForTable(tables: readonly TableMapping[], table: TableInfo): TableMapping | undefined {
  const base = baseName(table.source);
  return tables.find((m) => baseName(m.source) === base && (m.sheet ?? null) === (table.sheet ?? null));
}

/** Datasets whose tables are the most telling to show first (the customers and their money). */
const SHOW_FIRST: readonly DatasetId[] = ['subscriptions', 'mrr_snapshots', 'transactions', 'tickets', 'survey_responses', 'calls', 'usage_events', 'trials', 'renewals', 'costs', 'events'];

/** The table to show after an import: the first of the most telling mapped dataset, else the first table. */
export function preferredTable(tables: readonly TableInfo[], mappings: readonly TableMapping[]): TableInfo | undefined {
  let best: TableInfo | undefined;
  let bestRank = Infinity;
  for (const t of tables) {
    const m = mappingForTable(mappings, t);
    const rank = m ? SHOW_FIRST.indexOf(m.dataset) : SHOW_FIRST.length;
    if (rank < bestRank) { best = t; bestRank = rank; }
  }
  return best;
}

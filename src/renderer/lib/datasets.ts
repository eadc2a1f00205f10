// Datasets and their fields (METRICS.md §2) for the mapping panel's dropdowns. The renderer does
// not import engine code; test/unit/renderer-params.test.ts checks this list against
// src/engine/mapping/datasets.ts. Labels come from the translation layer (dataset.<id>, field.<id>).
import type { DatasetId, SurveyKind, TableMapping, TableInfo } from '../../shared/types';

export interface DatasetFields {
  id: DatasetId;
  fields: ReadonlyArray<{ id: string; required: boolean }>;
  /** At least one field of each group must be mapped (subscriptions: mrr or amount). */
  requiredAnyOf?: readonly (readonly string[])[];
}

const r = (id: string) => ({ id, required: true });
const o = (id: string) => ({ id, required: false });

export const DATASET_FIELDS: readonly DatasetFields[] = [
  { id: 'subscriptions', fields: [r('customer_id'), o('mrr'), o('amount'), o('billing_interval'), r('start_date'), o('end_date'), o('plan'), o('status'), o('trial_start'), o('trial_end'), o('churn_type'), o('term_months')], requiredAnyOf: [['mrr', 'amount']] },
  { id: 'mrr_snapshots', fields: [r('customer_id'), r('month'), r('mrr')] },
  { id: 'transactions', fields: [r('customer_id'), r('date'), r('amount'), o('order_id'), o('type'), o('agent')] },
  { id: 'tickets', fields: [r('ticket_id'), r('created_at'), o('first_response_at'), o('resolved_at'), o('status'), o('channel'), o('agent'), o('request_type'), o('customer_id'), o('agent_replies'), o('customer_replies'), o('contacts'), o('first_contact_resolved'), o('reopened'), o('handle_time'), o('csat')] },
  { id: 'calls', fields: [r('call_id'), r('received_at'), o('answered'), o('answered_at'), o('agent'), o('wait_time')] },
  { id: 'survey_responses', fields: [r('score'), r('responded_at'), o('survey'), o('customer_id'), o('comment'), o('touchpoint'), o('agent'), o('ticket_id')] },
  { id: 'usage_events', fields: [r('user_id'), r('timestamp'), o('account_id'), o('feature'), o('duration'), o('session_end')] },
  { id: 'trials', fields: [r('customer_id'), r('trial_start'), o('converted_at'), o('converted'), o('plan')] },
  { id: 'renewals', fields: [r('customer_id'), r('due_date'), o('renewed'), o('renewed_at')] },
  { id: 'costs', fields: [r('period'), r('category'), r('amount'), o('kind')] },
  { id: 'events', fields: [r('date'), r('label')] },
];

export const DATASET_BY_ID: ReadonlyMap<DatasetId, DatasetFields> = new Map(DATASET_FIELDS.map((d) => [d.id, d]));

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

/** Required fields (and any-of groups) not mapped yet — what a table still needs. */
export function missingFields(dataset: DatasetId, fields: Readonly<Record<string, string>>): string[] {
  const def = DATASET_BY_ID.get(dataset);
  if (!def) return [];
  const missing = def.fields.filter((f) => f.required && !fields[f.id]).map((f) => f.id);
  for (const group of def.requiredAnyOf ?? []) {
    if (!group.some((f) => fields[f])) missing.push(group.join(' | '));
  }
  return missing;
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

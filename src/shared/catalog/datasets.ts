// Datasets and fields exactly as METRICS.md §2: the one vocabulary shared by the engine's mapping
// and normalized tables, the UI's mapping panel, the CLI and the report. Header synonyms used to
// recognise fields stay in the engine (src/engine/mapping/glossary.ts).
import type { DatasetId } from '../types';

/**
 * How a field is stored in its normalized table `n_<dataset>`:
 * - id, text: TEXT
 * - date: INTEGER day number (days since 1970-01-01); date-times are taken at their calendar day
 * - datetime: REAL epoch seconds in `<field>`, plus INTEGER day number in `<field>_day`
 * - amount, number: REAL
 * - bool: INTEGER 0/1
 * - interval: months per billing interval (REAL), see normalizeBillingInterval
 */
export type FieldKind = 'id' | 'text' | 'date' | 'datetime' | 'amount' | 'number' | 'bool' | 'interval';

export interface FieldDef {
  id: string;
  kind: FieldKind;
  required?: boolean;
  /** English label, used as is by the CLI and the report; the UI translates `field.<id>` instead. */
  label: string;
}

export interface DatasetDef {
  id: DatasetId;
  /** English label (CLI, report); the UI translates `dataset.<id>`. */
  label: string;
  fields: FieldDef[];
  /**
   * Alternative required groups: the dataset is usable when every required field is mapped and,
   * for each group, at least one of its fields is (e.g. subscriptions need mrr or amount).
   */
  requiredAnyOf?: string[][];
}

const f = (id: string, kind: FieldKind, label: string, required = false): FieldDef => ({ id, kind, label, required });

export const DATASETS: readonly DatasetDef[] = [
  {
    id: 'subscriptions', label: 'Subscriptions',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('mrr', 'amount', 'MRR'), f('amount', 'amount', 'Amount'),
      f('billing_interval', 'interval', 'Billing interval'), f('start_date', 'date', 'Start date', true),
      f('end_date', 'date', 'End / cancel date'), f('plan', 'text', 'Plan'), f('status', 'text', 'Status'),
      f('trial_start', 'date', 'Trial start'), f('trial_end', 'date', 'Trial end'),
      f('churn_type', 'text', 'Churn type'), f('term_months', 'number', 'Term (months)'),
      // E-mail and name tie one export's customers to another's when their ids differ (reconciliation).
      f('email', 'text', 'E-mail'), f('name', 'text', 'Customer name'),
    ],
    requiredAnyOf: [['mrr', 'amount']],
  },
  {
    id: 'mrr_snapshots', label: 'MRR snapshots',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('month', 'date', 'Month', true), f('mrr', 'amount', 'MRR', true),
      f('email', 'text', 'E-mail'), f('name', 'text', 'Customer name'),
    ],
  },
  {
    id: 'transactions', label: 'Transactions',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('date', 'date', 'Date', true), f('amount', 'amount', 'Amount', true),
      f('order_id', 'id', 'Order'), f('type', 'text', 'Type'), f('agent', 'text', 'Agent'),
      f('email', 'text', 'E-mail'), f('name', 'text', 'Customer name'),
    ],
  },
  {
    id: 'tickets', label: 'Tickets',
    fields: [
      f('ticket_id', 'id', 'Ticket', true), f('created_at', 'datetime', 'Created', true),
      f('first_response_at', 'datetime', 'First response'), f('resolved_at', 'datetime', 'Resolved'),
      f('status', 'text', 'Status'), f('channel', 'text', 'Channel'), f('agent', 'text', 'Agent'),
      f('request_type', 'text', 'Request type'), f('customer_id', 'id', 'Customer'),
      f('agent_replies', 'number', 'Agent replies'), f('customer_replies', 'number', 'Customer replies'),
      f('contacts', 'number', 'Contacts'), f('first_contact_resolved', 'bool', 'Resolved on first contact'),
      f('reopened', 'number', 'Reopened'), f('handle_time', 'number', 'Handle time (s)'), f('csat', 'number', 'CSAT'),
    ],
  },
  {
    id: 'calls', label: 'Calls',
    fields: [
      f('call_id', 'id', 'Call', true), f('received_at', 'datetime', 'Received', true), f('answered', 'bool', 'Answered'),
      f('answered_at', 'datetime', 'Answered at'), f('agent', 'text', 'Agent'), f('wait_time', 'number', 'Wait time (s)'),
    ],
  },
  {
    id: 'survey_responses', label: 'Survey responses',
    fields: [
      f('score', 'number', 'Score', true), f('responded_at', 'datetime', 'Responded', true), f('survey', 'text', 'Survey'),
      f('customer_id', 'id', 'Customer'), f('comment', 'text', 'Comment'), f('touchpoint', 'text', 'Touchpoint'),
      f('agent', 'text', 'Agent'), f('ticket_id', 'id', 'Ticket'),
    ],
  },
  {
    id: 'usage_events', label: 'Usage events',
    fields: [
      f('user_id', 'id', 'User', true), f('timestamp', 'datetime', 'Timestamp', true), f('account_id', 'id', 'Account'),
      f('feature', 'text', 'Feature'), f('duration', 'number', 'Duration (s)'), f('session_end', 'datetime', 'Session end'),
    ],
  },
  {
    id: 'trials', label: 'Trials',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('trial_start', 'date', 'Trial start', true),
      f('converted_at', 'date', 'Converted at'), f('converted', 'bool', 'Converted'), f('plan', 'text', 'Plan'),
    ],
  },
  {
    id: 'renewals', label: 'Renewals',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('due_date', 'date', 'Due date', true),
      f('renewed', 'bool', 'Renewed'), f('renewed_at', 'date', 'Renewed at'),
    ],
  },
  {
    id: 'costs', label: 'Costs',
    fields: [
      f('period', 'date', 'Period', true), f('category', 'text', 'Category', true), f('amount', 'amount', 'Amount', true),
      f('kind', 'text', 'Kind (retention/acquisition)'),
    ],
  },
  {
    // One row per customer as CRM exports write it (the IBM telco export: tenure in months, monthly
    // charges, contract, Churn Yes/No) — a snapshot on one date, not a history.
    id: 'customers', label: 'Customer snapshot',
    fields: [
      f('customer_id', 'id', 'Customer', true), f('tenure', 'number', 'Tenure (months)'),
      f('monthly_amount', 'amount', 'Monthly amount'), f('churned', 'bool', 'Churned'),
      f('contract', 'text', 'Contract'), f('payment_method', 'text', 'Payment method'),
      f('signup_date', 'date', 'Signup date'), f('cancel_date', 'date', 'Cancel date'),
    ],
    requiredAnyOf: [['churned', 'cancel_date'], ['tenure', 'signup_date', 'monthly_amount']],
  },
  {
    id: 'events', label: 'Events',
    fields: [f('date', 'date', 'Date', true), f('label', 'text', 'Label', true)],
  },
  {
    // KPI targets a team sets per period: the metric by id or by its name in any UI language, the
    // period as written in a plan (2024-Q2, 1403-01, 2567, Q3 113), optionally per segment value.
    id: 'targets', label: 'KPI targets',
    fields: [
      f('metric', 'text', 'Metric', true), f('period', 'text', 'Period', true), f('target', 'number', 'Target', true),
      f('segment', 'text', 'Segment'),
    ],
  },
];

export const DATASET_BY_ID: ReadonlyMap<DatasetId, DatasetDef> = new Map(DATASETS.map((d) => [d.id, d]));

/** Translation keys of a dataset's and a field's label in the renderer's i18n files. */
export const datasetLabelKey = (dataset: DatasetId): string => `dataset.${dataset}`;
export const fieldLabelKey = (field: string): string => `field.${field}`;

export function fieldDef(dataset: DatasetId, field: string): FieldDef | undefined {
  return DATASET_BY_ID.get(dataset)?.fields.find((x) => x.id === field);
}

/** Required fields (and any-of groups, written `a | b`) not mapped yet — what a table still needs. */
export function missingFields(dataset: DatasetId, fields: Readonly<Record<string, string>>): string[] {
  const def = DATASET_BY_ID.get(dataset);
  if (!def) return [];
  const missing = def.fields.filter((f) => f.required && !fields[f.id]).map((f) => f.id);
  for (const group of def.requiredAnyOf ?? []) {
    if (!group.some((f) => fields[f])) missing.push(group.join(' | '));
  }
  return missing;
}

/** Datasets whose rows are balances per customer: two tables of one add up to a double count. */
export const BALANCE_DATASETS: ReadonlySet<DatasetId> = new Set<DatasetId>(['subscriptions', 'mrr_snapshots', 'customers']);

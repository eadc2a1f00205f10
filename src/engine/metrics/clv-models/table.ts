// The per-customer CLV predictions as a table: one column list for the CSV export (the CLV tab's
// Export button) and the report's CLV sheet, so both show the same columns in the same order.
import type { ClvCustomer, ClvResult } from '../../../shared/clv';
import type { SortSpec } from '../../../shared/types';
import { translate } from '../../../shared/i18n';

type Key = keyof ClvCustomer;
/** A column: its key, its English label and the resource key of its label in other languages. */
export interface ClvColumn { key: Key; label: string; labelKey: string }

/** Columns for a model: sBG adds the segment and counts renewals where BG/NBD counts repeat purchases. */
export function clvCustomerColumns(model: ClvResult['model']): ClvColumn[] {
  const sbg = model === 'sbg';
  return [
    { key: 'customer_id', label: 'Customer', labelKey: 'clvModel.customer' },
    ...(sbg ? [{ key: 'segment' as const, label: 'Segment', labelKey: 'clvModel.segment' }] : []),
    sbg ? { key: 'frequency', label: 'Renewals', labelKey: 'clvModel.renewals' } : { key: 'frequency', label: 'Frequency', labelKey: 'clvModel.frequency' },
    { key: 'recency', label: 'Recency', labelKey: 'clvModel.recency' },
    { key: 'T', label: 'T', labelKey: 'clvModel.column.T' },
    { key: 'p_alive', label: 'P(alive)', labelKey: 'clvModel.column.p_alive' },
    sbg ? { key: 'expected_purchases', label: 'Expected renewals', labelKey: 'clvModel.expectedRenewals' }
      : { key: 'expected_purchases', label: 'Expected purchases', labelKey: 'clvModel.expectedPurchases' },
    sbg ? { key: 'expected_value', label: 'Value per period', labelKey: 'clvModel.valuePerPeriod' }
      : { key: 'expected_value', label: 'Expected value', labelKey: 'clvModel.expectedValue' },
    { key: 'clv', label: 'CLV', labelKey: 'clvModel.column.clv' },
    { key: 'note', label: 'Note', labelKey: 'clvModel.note' },
  ];
}

/** Customers in the order of `sort` (keys of ClvCustomer; missing values last whatever the direction). */
export function sortClvCustomers(customers: readonly ClvCustomer[], sort: readonly SortSpec[] = []): ClvCustomer[] {
  const keys = sort.filter((s): s is SortSpec & { column: Key } => CUSTOMER_KEYS.has(s.column));
  if (keys.length === 0) return [...customers];
  return [...customers].sort((a, b) => {
    for (const { column, direction } of keys) {
      const x = a[column], y = b[column];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1);
    }
    return 0;
  });
}

const CUSTOMER_KEYS: ReadonlySet<string> = new Set<Key>(['customer_id', 'segment', 'frequency', 'recency', 'T', 'p_alive', 'expected_purchases', 'expected_value', 'clv', 'note']);

/**
 * Header and rows (non-finite numbers as empty cells) of the per-customer table; with `language`,
 * the header and the notes the model writes are in that language (the English labels otherwise).
 */
export function clvCustomerTable(
  result: ClvResult, sort?: readonly SortSpec[], language?: string,
): { header: string[]; rows: Array<Array<string | number | null>> } {
  const columns = clvCustomerColumns(result.model);
  const sbg = result.model === 'sbg';
  const label = (c: ClvColumn) => (language ? translate(language, c.labelKey, {}, c.label) : c.label);
  // The model's notes are two known ones (as the CLV tab shows them); any other stays as written.
  const note = (c: ClvCustomer): string | null => {
    if (!language || !c.note) return c.note;
    if (!sbg && c.frequency === 0) return translate(language, 'clvModel.noRepeatShort', {}, c.note);
    if (sbg && c.p_alive === 0) return translate(language, 'clvModel.cancelledNote', {}, c.note);
    return c.note;
  };
  const cell = (v: ClvCustomer[Key]) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  return {
    header: columns.map(label),
    rows: sortClvCustomers(result.perCustomer, sort).map((c) => columns.map((col) => (col.key === 'note' ? note(c) : cell(c[col.key])))),
  };
}

// The per-customer CLV predictions as a table: one column list for the CSV export (the CLV tab's
// Export button) and the report's CLV sheet, so both show the same columns in the same order.
import type { ClvCustomer, ClvResult } from '../../../shared/clv';
import type { SortSpec } from '../../../shared/types';

type Key = keyof ClvCustomer;
export interface ClvColumn { key: Key; label: string }

/** Columns for a model: sBG adds the segment and counts renewals where BG/NBD counts repeat purchases. */
export function clvCustomerColumns(model: ClvResult['model']): ClvColumn[] {
  const sbg = model === 'sbg';
  return [
    { key: 'customer_id', label: 'Customer' },
    ...(sbg ? [{ key: 'segment' as const, label: 'Segment' }] : []),
    { key: 'frequency', label: sbg ? 'Renewals' : 'Frequency' },
    { key: 'recency', label: 'Recency' },
    { key: 'T', label: 'T' },
    { key: 'p_alive', label: 'P(alive)' },
    { key: 'expected_purchases', label: sbg ? 'Expected renewals' : 'Expected purchases' },
    { key: 'expected_value', label: sbg ? 'Value per period' : 'Expected value' },
    { key: 'clv', label: 'CLV' },
    { key: 'note', label: 'Note' },
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

/** Header and rows (non-finite numbers as empty cells) of the per-customer table. */
export function clvCustomerTable(result: ClvResult, sort?: readonly SortSpec[]): { header: string[]; rows: Array<Array<string | number | null>> } {
  const columns = clvCustomerColumns(result.model);
  const cell = (v: ClvCustomer[Key]) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  return {
    header: columns.map((c) => c.label),
    rows: sortClvCustomers(result.perCustomer, sort).map((c) => columns.map((col) => cell(c[col.key]))),
  };
}

// A table-valued metric (agent leaderboard, MRR waterfall, cohorts, themes) as a sortable table
// under its card, so a leaderboard reads as a leaderboard instead of "6 rows". Rank 1 — the best
// performer of the period — is highlighted when the table ranks its rows.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricResult, MetricTableCell } from '../../shared/types';
import { tableValueKey } from '../../shared/i18n/tableValues';

type Cell = MetricTableCell;

/** Rows sorted by one column; nulls last whichever the direction, text by the UI locale. */
export function sortRows(rows: readonly Cell[][], column: number, direction: 'asc' | 'desc', locale?: string): Cell[][] {
  const collator = new Intl.Collator(locale, { numeric: true });
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[column] ?? null;
    const y = b[column] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * collator.compare(String(x), String(y));
  });
}

export interface SortState { column: number; direction: 'asc' | 'desc' }

/** A sortable table's header row: each column a button, the sorted one marked for eyes and for screen readers. */
export function SortableHead({ columns, sort, onSort }: { columns: readonly React.ReactNode[]; sort: SortState | null; onSort: (column: number) => void }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" aria-sort={sort?.column === i ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" onClick={() => onSort(i)}>
              {c}
              <span aria-hidden="true">{sort?.column === i ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
            </button>
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Columns holding fractions (shares, rates): shown as percentages. */
const isFraction = (metricId: string, column: string) => /^share|_rate$/.test(column) || (metricId === 'agent_leaderboard' && column === 'csat');

export function MetricTable({ metric, locale }: { metric: MetricResult; locale?: string }) {
  const { t, i18n } = useTranslation();
  const table = metric.table!;
  const [sort, setSort] = useState<SortState | null>(null);
  const rows = useMemo(
    () => (sort ? sortRows(table.rows, sort.column, sort.direction, i18n.language) : table.rows),
    [table.rows, sort, i18n.language],
  );
  const rankColumn = table.columns.indexOf('rank');
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const tableText = (v: string, column: string) => { const key = tableValueKey(column, v); return key ? t(key) : v; };
  const show = (v: Cell, column: string) => (v === null || v === false ? '—' : v === true ? <span title={t('common.yes')}>✓</span>
    : typeof v === 'number' ? (isFraction(metric.id, column) ? percent : number).format(v) : <bdi>{tableText(v, column)}</bdi>);
  const label = t(`metric.${metric.id}`, { defaultValue: metric.label });
  const toggle = (column: number) => setSort((s) => (s?.column === column
    ? { column, direction: s.direction === 'asc' ? 'desc' : 'asc' }
    : { column, direction: typeof table.rows[0]?.[column] === 'number' ? 'desc' : 'asc' }));
  return (
    <div className="metric-table" data-testid={`metric-table-${metric.id}`}>
      <table>
        <caption>{label}</caption>
        <SortableHead columns={table.columns.map((c) => t(`tableColumn.${c}`, { defaultValue: c }))} sort={sort} onSort={toggle} />
        <tbody>
          {rows.map((r, n) => (
            <tr key={n} className={rankColumn >= 0 && r[rankColumn] === 1 ? 'best' : undefined}>
              {r.map((v, i) => <td key={i} className={typeof v === 'number' ? 'num' : undefined}>{show(v, table.columns[i]!)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

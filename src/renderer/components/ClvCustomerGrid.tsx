// The per-customer CLV predictions in AG Grid (client-side: the fit's result is already in
// memory): sortable, the sort handed up so the CSV export writes the same order, a note beside
// the figures to read with care (P(alive) = 1 without repeats is a property of BG/NBD), and a
// button per row that shows the customer's source rows in the Data tab.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, SortChangedEvent, ValueFormatterParams } from 'ag-grid-community';
import type { ClvCustomer, ClvResult } from '../../shared/clv';
import type { SortSpec } from '../../shared/types';
import { directionOf } from '../i18n';
import { darkTheme, lightTheme } from './DataGrid';
import { useLocaleTag } from '../i18n';

export const CLV_INITIAL_SORT: SortSpec[] = [{ column: 'clv', direction: 'desc' }];

export function ClvCustomerGrid({ result, dark, onSort, onShowRows }: {
  result: ClvResult;
  dark: boolean;
  /** The grid's sort (ClvCustomer keys), which starts as CLV descending (CLV_INITIAL_SORT). */
  onSort: (sort: SortSpec[]) => void;
  onShowRows: (customer: ClvCustomer) => void;
}) {
  const { t, i18n } = useTranslation();
  const rtl = directionOf(i18n.language) === 'rtl';
  const locale = useLocaleTag();
  const sbg = result.model === 'sbg';
  const columnDefs = useMemo((): Array<ColDef<ClvCustomer>> => {
    const number = (digits: number) => (p: ValueFormatterParams<ClvCustomer>) => (typeof p.value === 'number' && Number.isFinite(p.value)
      ? new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(p.value)
      : '—');
    const numeric = { type: 'numericColumn', cellClass: 'clv-number' } as const;
    const note = (c: ClvCustomer): { short: string; long: string } => {
      if (!c.note) return { short: '', long: '' };
      if (!sbg && c.frequency === 0) return { short: t('clvModel.noRepeatShort'), long: t('clvModel.noRepeatNote') };
      if (sbg && c.p_alive === 0) return { short: t('clvModel.cancelledNote'), long: t('clvModel.cancelledNote') };
      return { short: c.note, long: c.note };
    };
    return [
      {
        colId: 'rows', headerName: '', sortable: false, width: 70, pinned: rtl ? 'right' : 'left',
        cellRenderer: (p: ICellRendererParams<ClvCustomer>) => p.data && (
          <button type="button" className="link-button" data-testid="clv-show-rows" onClick={() => onShowRows(p.data!)} title={t('clvModel.showRowsHint')}>
            {t('clvModel.showRows')}
          </button>
        ),
      },
      { field: 'customer_id', headerName: t('clvModel.customer'), width: 110 },
      ...(sbg ? [{ field: 'segment' as const, headerName: t('clvModel.segment'), width: 110 }] : []),
      { field: 'frequency', headerName: sbg ? t('clvModel.renewals') : t('clvModel.frequency'), width: 100, valueFormatter: number(0), ...numeric },
      // A † beside P(alive) = 1 of a customer without repeat purchases: the caveat sits with the figure (full reason as tooltip and in the note).
      sbg
        ? { field: 'p_alive', headerName: t('clvModel.active'), width: 80, valueFormatter: (p) => (p.value === 1 ? t('clvModel.yes') : t('clvModel.no')) }
        : {
          field: 'p_alive', headerName: 'P(alive)', width: 100, ...numeric,
          valueFormatter: (p) => `${number(3)(p)}${p.data?.frequency === 0 ? ' †' : ''}`,
          tooltipValueGetter: (p) => (p.data?.frequency === 0 ? t('clvModel.noRepeatNote') : undefined),
        },
      { field: 'expected_purchases', headerName: sbg ? t('clvModel.expectedRenewals') : t('clvModel.expectedPurchases'), width: 120, valueFormatter: number(3), ...numeric },
      { field: 'expected_value', headerName: sbg ? t('clvModel.valuePerPeriod') : t('clvModel.expectedValue'), width: 110, valueFormatter: number(2), ...numeric },
      { field: 'clv', headerName: 'CLV', width: 110, valueFormatter: number(2), initialSort: 'desc', ...numeric },
      { colId: 'note', headerName: t('clvModel.note'), valueGetter: (p) => (p.data ? note(p.data).short : ''), tooltipValueGetter: (p) => (p.data ? note(p.data).long : ''), width: 320, sortable: false },
      ...(sbg ? [] : [
        { field: 'recency' as const, headerName: t('clvModel.recency'), width: 90, valueFormatter: number(2), ...numeric },
        { field: 'T' as const, headerName: 'T', width: 80, valueFormatter: number(2), ...numeric },
      ]),
    ];
  }, [t, locale, sbg, rtl, onShowRows]);

  const sortChanged = (e: SortChangedEvent<ClvCustomer>) => {
    const sort = e.api.getColumnState()
      .filter((c) => c.sort && c.colId !== 'rows' && c.colId !== 'note')
      .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
      .map((c): SortSpec => ({ column: c.colId, direction: c.sort === 'asc' ? 'asc' : 'desc' }));
    onSort(sort);
  };

  return (
    <div className="clv-grid" data-testid="clv-grid">
      <AgGridReact<ClvCustomer>
        key={`${result.model}|${rtl}`}
        theme={dark ? darkTheme : lightTheme}
        rowData={result.perCustomer}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true, wrapHeaderText: true, autoHeaderHeight: true }}
        getRowId={(p) => p.data.customer_id}
        onSortChanged={sortChanged}
        onGridReady={() => onSort(CLV_INITIAL_SORT)}
        enableRtl={rtl}
        tooltipShowDelay={300}
        suppressColumnVirtualisation
        animateRows={false}
      />
    </div>
  );
}

// The data grid: AG Grid Community with the infinite row model; every page, sort and filter is a
// call to engine.getRows (pushed down to SQL), so a million-row table scrolls like a small one.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AllCommunityModule, ModuleRegistry, colorSchemeDark, colorSchemeLight, themeQuartz,
  type ColDef, type GridApi, type GridReadyEvent, type IDatasource, type IGetRowsParams, type IHeaderParams,
  type ValueFormatterParams, type CellClassParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import type { ColumnInfo, ColumnType, ComputedColumnInfo, FilterSpec, TableInfo, TableMapping } from '../../shared/types';
import { useWorkbench, problemOf } from '../state/store';
import {
  filterModelToSpecs, sortModelToSpecs, toTsv, TEXT_FILTER_OPTIONS, NUMBER_FILTER_OPTIONS, DATE_FILTER_OPTIONS,
  type AgFilterCondition,
} from '../lib/gridModel';
import { formatCurrency, formatDuration, formatInteger, formatRatio } from '../../shared/format';
import { useDateLabels, useUnitLabels } from '../i18n/useFormat';
import { directionOf } from '../i18n';
import { changedParams } from '../lib/params';
import { APPLY_GRID_STATE, recordShownGridQuery, type GridState } from '../lib/gridQuery';
import { tabStopBeyond } from '../lib/tabOut';
import { ExportCsvButton } from './WorkspaceActions';
import { useLocaleTag } from '../i18n';

ModuleRegistry.registerModules([AllCommunityModule]);

const gridParams = { fontSize: 12, headerFontSize: 12, spacing: 5, rowHeight: 28, headerHeight: 44, wrapperBorderRadius: 0 } as const;
export const lightTheme = themeQuartz.withPart(colorSchemeLight).withParams({ ...gridParams, accentColor: '#2563d0', headerBackgroundColor: '#f4f6f9' });
export const darkTheme = themeQuartz.withPart(colorSchemeDark).withParams({ ...gridParams, accentColor: '#6ea1ff', backgroundColor: '#1b1f27', headerBackgroundColor: '#222834' });

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'decimal', 'currency', 'percent', 'duration', 'boolean']);
const PAGE = 200;
/** Below this grid width computed columns are not pinned (pinned they would cover the data). */
const PIN_COMPUTED_MIN_WIDTH = 900;

type Row = Record<string, string | number | null>;

interface HeaderContext { type: string; field: string | null; computed?: boolean }

/** Header label with the column's type and the field it is mapped to, under AG Grid's sort/filter icons. */
function HeaderLabel(props: IHeaderParams) {
  const ctx = props.column.getColDef().context as HeaderContext | undefined;
  return (
    <span className="grid-header">
      <span className="grid-header-name" title={props.displayName}>{props.displayName}</span>
      {ctx && (
        <span className="grid-header-meta">
          <span className="grid-header-type">{ctx.type}</span>
          {ctx.field && <span className="grid-header-field">→ {ctx.field}</span>}
        </span>
      )}
    </span>
  );
}

function filterFor(type: ColumnType): Pick<ColDef, 'filter' | 'filterParams'> {
  if (NUMERIC.has(type)) return { filter: 'agNumberColumnFilter', filterParams: { filterOptions: [...NUMBER_FILTER_OPTIONS], maxNumConditions: 1 } };
  if (type === 'date' || type === 'datetime') return { filter: 'agDateColumnFilter', filterParams: { filterOptions: [...DATE_FILTER_OPTIONS], maxNumConditions: 1 } };
  return { filter: 'agTextColumnFilter', filterParams: { filterOptions: [...TEXT_FILTER_OPTIONS], maxNumConditions: 1, debounceMs: 400 } };
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (no focus or permission): the older path still works in Chromium.
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function DataGrid() {
  const { t, i18n } = useTranslation();
  // AG Grid lays columns out right to left only when told at creation (the key remounts it).
  const rtl = directionOf(i18n.language) === 'rtl';
  const localeTagOf = useLocaleTag();
  const { state, actions, engine } = useWorkbench();
  const labels = useUnitLabels();
  const dates = useDateLabels();
  const calendar = state.controls.calendar;
  const apiRef = useRef<GridApi<Row> | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const view = state.grid;
  const table: TableInfo | undefined = view ? state.tables.find((x) => x.name === view.table) : undefined;
  const tableMapping: TableMapping | undefined = table?.mapping?.entry;
  const gridBox = useRef<HTMLDivElement>(null);
  const [pinComputed, setPinComputed] = useState(true);
  useEffect(() => {
    const el = gridBox.current;
    if (!el) return;
    // Width 0 = the Data tab is hidden: keep the layout for when it comes back.
    const observer = new ResizeObserver(() => { if (el.clientWidth > 0) setPinComputed(el.clientWidth >= PIN_COMPUTED_MIN_WIDTH); });
    observer.observe(el);
    return () => observer.disconnect();
  }, [table]);

  // field id by column header, for the header's "→ field" line.
  const fieldOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const [field, column] of Object.entries(tableMapping?.fields ?? {})) m.set(column, field);
    return m;
  }, [tableMapping]);

  // Computed by the engine and served with the rows: the table's own, and those an analysis adds
  // (the health score once customers are scored; loaded rows are fetched again for new scores).
  const addedKey = JSON.stringify((table && state.analysis?.gridColumns?.[table.name]) ?? []);
  const computed: ComputedColumnInfo[] = useMemo(
    () => [...(table?.computed ?? []), ...(JSON.parse(addedKey) as ComputedColumnInfo[])],
    [table, addedKey],
  );
  const analysisColumns = useMemo(() => (JSON.parse(addedKey) as ComputedColumnInfo[]).map((c) => c.id), [addedKey]);
  const healthTable = useMemo(() => state.analysis?.metrics.find((m) => m.id === 'health_score')?.table ?? null, [state.analysis]);
  useEffect(() => { apiRef.current?.refreshInfiniteCache(); }, [healthTable]);

  // Parameters the engine's computed columns use (the NPS band's thresholds).
  const rowParams = useMemo(() => changedParams(state.controls.params), [state.controls.params]);

  const headerOf = useCallback((colId: string): string | undefined => {
    if (colId === '__row') return '__row';
    if (computed.some((c) => c.column === colId)) return colId;
    return table?.columns.find((c) => c.sqlName === colId)?.name;
  }, [table, computed]);

  const columnDefs = useMemo<ColDef<Row>[]>(() => {
    if (!table) return [];
    const locale = localeTagOf;
    // Numbers as stored (shortest round-trip, no grouping), in the UI's digits and decimal sign.
    const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 20, useGrouping: false });
    const formatCell = (c: ColumnInfo) => (p: ValueFormatterParams<Row>) => {
      const v = p.value as unknown;
      // Dates are stored Gregorian (ISO); shown in the chosen calendar, a date-time keeps its clock time.
      if ((c.type === 'date' || c.type === 'datetime') && typeof v === 'string' && calendar !== 'gregorian' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
        const time = c.type === 'datetime' ? v.slice(10).replace(/^[T ]/, ' ').replace(/:\d{2}(\.\d+)?Z?$/, '') : '';
        return dates.date(v, calendar) + (time.trim() ? time : '');
      }
      if (typeof v !== 'number') return v == null ? '' : String(v);
      switch (c.type) {
        case 'percent': return formatRatio(v, { locale });
        case 'currency': return formatCurrency(v, { locale, currencySymbol: c.currency ?? null });
        case 'duration': return formatDuration(v, { locale, labels });
        case 'boolean': return v ? t('grid.true') : t('grid.false');
        default: return plain.format(v);
      }
    };
    const rowCol: ColDef<Row> = {
      colId: '__row', field: '__row', headerName: t('grid.rowNumber'), pinned: 'left', width: 78, sortable: true,
      filter: 'agNumberColumnFilter', filterParams: { filterOptions: [...NUMBER_FILTER_OPTIONS], maxNumConditions: 1 },
      cellClass: 'row-number-cell', headerTooltip: t('grid.sourceRow'),
      valueFormatter: (p: ValueFormatterParams<Row>) => (typeof p.value === 'number' ? plain.format(p.value) : ''),
    };
    const dataCols = table.columns.map<ColDef<Row>>((c) => ({
      colId: c.sqlName,
      field: c.sqlName,
      headerName: c.name,
      headerTooltip: `${c.name} — ${t(`columnType.${c.type}`)}${fieldOf.get(c.name) ? ` → ${t(`field.${fieldOf.get(c.name)}`)}` : ''}`,
      context: { type: t(`columnType.${c.type}`), field: fieldOf.has(c.name) ? t(`field.${fieldOf.get(c.name)}`) : null } satisfies HeaderContext,
      type: NUMERIC.has(c.type) && c.type !== 'boolean' ? 'rightAligned' : undefined,
      valueFormatter: formatCell(c),
      // A value that does not fit its column's type arrives as raw text: shown, and marked.
      cellClassRules: { 'invalid-cell': (p: CellClassParams<Row>) => NUMERIC.has(c.type) && typeof p.value === 'string' },
      headerClass: fieldOf.has(c.name) ? 'mapped-header' : undefined,
      ...filterFor(c.type),
    }));
    const computedCols = computed.map<ColDef<Row>>((cc) => ({
      colId: cc.column,
      headerName: t(`computed.${cc.id}`),
      headerTooltip: t(`computed.${cc.id}_help`),
      context: { type: t('grid.computed'), field: null, computed: true } satisfies HeaderContext,
      pinned: pinComputed ? 'right' : null,
      width: cc.unit === 'hours' ? 120 : 96,
      // Served by the engine: sorted and filtered in SQL.
      field: cc.column, sortable: true, ...filterFor(cc.unit === 'band' ? 'text' : 'decimal'),
      valueFormatter: (p: ValueFormatterParams<Row>) => {
        const v = p.value as string | number | null;
        if (v == null) return '';
        if (typeof v === 'string') return t(`npsBand.${v}`);
        if (cc.unit === 'hours') {
          // Chat and phone answers come in minutes or seconds: "0 h" would hide them.
          const n = (x: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: x >= 10 ? 0 : 1 }).format(x);
          const abs = Math.abs(v);
          if (abs > 0 && abs < 1 / 60) return `${n(v * 3600)} ${labels.second}`;
          if (abs > 0 && abs < 1) return `${n(v * 60)} ${labels.minute}`;
          return `${n(v)} ${labels.hour}`;
        }
        if (cc.unit === 'currency') return formatCurrency(v, { locale });
        return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v);
      },
      cellClass: (p) => ['computed-cell', typeof p.value === 'string' ? `band-${p.value}` : ''].join(' '),
      headerClass: 'computed-header',
    }));
    // Pinned on the side when the grid is wide; in a narrow grid they come first, right after the
    // row number, so they do not cover the data.
    return pinComputed ? [rowCol, ...dataCols, ...computedCols] : [rowCol, ...computedCols, ...dataCols];
  }, [table, fieldOf, computed, t, localeTagOf, labels, pinComputed, calendar, dates]);

  // sql name → header, for turning the engine's page (columns named by header) into row objects.
  const datasource = useMemo<IDatasource | null>(() => {
    if (!view || !table) return null;
    const sqlByHeader = new Map(table.columns.map((c) => [c.name, c.sqlName]));
    return {
      getRows: (p: IGetRowsParams) => {
        const filters: FilterSpec[] = filterModelToSpecs(p.filterModel as Record<string, AgFilterCondition>, headerOf);
        if (view.restriction) filters.push(view.restriction.filter);
        const sort = sortModelToSpecs(p.sortModel, headerOf);
        recordShownGridQuery({
          table: view.table, sort, filters, ...(view.drill ? { drill: view.drill.request } : {}),
          filterModel: p.filterModel as Record<string, unknown>, sortModel: p.sortModel.map((s) => ({ colId: s.colId, sort: s.sort })),
        });
        engine.getRows({
          table: view.table,
          offset: p.startRow,
          limit: p.endRow - p.startRow,
          sort,
          filters,
          ...(view.drill ? { drill: view.drill.request } : {}),
          ...(Object.keys(rowParams).length ? { params: rowParams } : {}),
          ...(analysisColumns.length ? { analysisColumns } : {}),
        }).then((page) => {
          const keys = page.columns.map((h) => (h === '__row' ? '__row' : sqlByHeader.get(h) ?? h));
          const rows = page.rows.map((r) => {
            const o: Row = {};
            keys.forEach((k, i) => { o[k] = r[i] ?? null; });
            return o;
          });
          setTotal(page.total);
          p.successCallback(rows, page.total);
        }, (err) => {
          p.failCallback();
          actions.reportError('grid', problemOf(err));
        });
      },
    };
  }, [view, table, engine, headerOf, actions, rowParams, analysisColumns]);

  const copySelection = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const cols = api.getAllDisplayedColumns();
    const selected = api.getSelectedNodes().filter((n) => n.data);
    let text: string;
    if (selected.length > 0) {
      const header = cols.map((c) => c.getColDef().headerName ?? c.getColId());
      const body = selected.map((n) => cols.map((c) => {
        const v = api.getCellValue({ rowNode: n, colKey: c, useFormatter: true });
        return v == null ? '' : String(v);
      }));
      text = toTsv([header, ...body]);
    } else {
      const cell = api.getFocusedCell();
      if (!cell) return;
      const node = api.getDisplayedRowAtIndex(cell.rowIndex);
      if (!node) return;
      const v = api.getCellValue({ rowNode: node, colKey: cell.column, useFormatter: true });
      text = toTsv([[v == null ? '' : String(v)]]);
    }
    void writeClipboard(text);
  }, []);

  useEffect(() => {
    const onCopy = () => copySelection();
    window.addEventListener('kpiw:copy', onCopy);
    return () => window.removeEventListener('kpiw:copy', onCopy);
  }, [copySelection]);

  useEffect(() => { setTotal(null); }, [datasource]);

  // A saved view's filters and sort, applied once the grid of its table is ready.
  const pendingState = useRef<GridState | null>(null);
  const applyPending = useCallback(() => {
    const api = apiRef.current;
    const pending = pendingState.current;
    if (!api || api.isDestroyed() || !pending || pending.table !== view?.table) return;
    pendingState.current = null;
    api.setFilterModel(pending.filterModel ?? null);
    api.applyColumnState({ state: pending.sortModel ?? [], defaultState: { sort: null } });
  }, [view?.table]);
  useEffect(() => {
    const onApply = (e: Event) => { pendingState.current = (e as CustomEvent<GridState>).detail; applyPending(); };
    window.addEventListener(APPLY_GRID_STATE, onApply);
    return () => window.removeEventListener(APPLY_GRID_STATE, onApply);
  }, [applyPending]);
  useEffect(() => { applyPending(); }, [applyPending]);

  // The "Skip to grid" link: focus the first cell, so arrow keys work at once.
  useEffect(() => {
    const onFocusGrid = () => {
      const api = apiRef.current;
      const first = api?.getAllDisplayedColumns()[0];
      if (!api || !first) { gridBox.current?.focus(); return; }
      api.ensureIndexVisible(0);
      api.setFocusedCell(0, first);
    };
    window.addEventListener('kpiw:focus-grid', onFocusGrid);
    return () => window.removeEventListener('kpiw:focus-grid', onFocusGrid);
  }, []);

  // Tab and Shift+Tab on a cell or header leave the grid. Handled before AG Grid sees the key: its own
  // handling sometimes kept focus, or moved it out and then restored it to the focused cell on the
  // next render. The focused cell is cleared so that no re-render pulls focus back.
  useEffect(() => {
    const box = gridBox.current;
    if (!box) return;
    const onTab = (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
      const from = e.target as HTMLElement | null;
      if (!from?.closest('.ag-cell, .ag-header-cell, .ag-header-group-cell') || from.closest('.ag-popup, .ag-floating-filter-body input')) return;
      e.preventDefault();
      e.stopPropagation();
      apiRef.current?.clearFocusedCell();
      const next = tabStopBeyond(box, e.shiftKey);
      if (next) next.focus();
      else from.blur();
    };
    box.addEventListener('keydown', onTab, true);
    return () => box.removeEventListener('keydown', onTab, true);
  }, [view, table]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      copySelection();
    }
  };

  if (!view || !table) {
    return <div className="grid-wrap" data-testid="grid" id="grid-region" tabIndex={-1}><p className="muted pad">{t('grid.noTable')}</p></div>;
  }

  return (
    <div className="grid-wrap">
      <div className="grid-toolbar">
        <span className="grid-title" title={table.source}>{table.sheet ? `${table.sheet} · ` : ''}{table.name}</span>
        <span className="muted" data-testid="grid-row-count" data-total={total ?? undefined}>
          {total == null ? t('grid.loading') : t('grid.rowsShown', { count: total, total: formatInteger(total, localeTagOf) })}
        </span>
        <span className="grid-hint muted">{t('grid.copyHint')}</span>
        <ExportCsvButton />
      </div>
      {view.drill && (
        <div className="restriction-bar" role="status" data-testid="drill-bar">
          <span>{t('grid.drillBar', { count: view.drill.total, n: formatInteger(view.drill.total, localeTagOf), metric: t(`metric.${view.drill.request.metric}`, { defaultValue: view.drill.metricLabel }), period: dates.period(view.drill.request.period, view.drill.request.options?.calendar ?? 'gregorian') })}</span>
          <button type="button" className="link-button" onClick={actions.clearGridRestriction}>{t('grid.showAll')}</button>
        </div>
      )}
      {view.restriction && (
        <div className="restriction-bar" role="status">
          <span>{total == null ? view.restriction.label : t('grid.rowsBar', { count: total, n: formatInteger(total, localeTagOf), label: view.restriction.label })}</span>
          <button type="button" className="link-button" onClick={actions.clearGridRestriction}>{t('grid.showAll')}</button>
        </div>
      )}
      <div className="grid" data-testid="grid" id="grid-region" tabIndex={-1} onKeyDown={onKeyDown} ref={gridBox}>
        <AgGridReact<Row>
          key={`${view.table}|${view.drill ? JSON.stringify(view.drill.request) : ''}|${view.restriction ? JSON.stringify(view.restriction.filter) : ''}|${rtl}`}
          theme={state.theme === 'dark' ? darkTheme : lightTheme}
          rowModelType="infinite"
          datasource={datasource ?? undefined}
          columnDefs={columnDefs}
          defaultColDef={{ sortable: true, resizable: true, minWidth: 80, width: 150, headerComponentParams: { innerHeaderComponent: HeaderLabel } }}
          cacheBlockSize={PAGE}
          maxBlocksInCache={40}
          rowBuffer={10}
          blockLoadDebounceMillis={60}
          getRowId={(p) => String(p.data.__row)}
          rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
          onGridReady={(e: GridReadyEvent<Row>) => { apiRef.current = e.api; applyPending(); }}
          overlayNoRowsTemplate={`<span class="muted">${t('grid.noRows')}</span>`}
          enableCellTextSelection={false}
          enableRtl={rtl}
          // One tab stop: arrow keys move between cells and headers; Tab and Shift+Tab leave the grid
          // (cell-by-cell tabbing trapped keyboard users in tables of thousands of cells).
          tabToNextCell={() => false}
          tabToNextHeader={() => false}
          tabToNextGridContainer={() => false}
        />
      </div>
    </div>
  );
}

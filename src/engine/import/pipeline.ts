// The import pipeline: sniff the format → read (delimited text or XLSX sheets) → pass 1: profile
// every column over the whole table (type inference) → create the typed table → pass 2: convert
// and insert in batched transactions → record the TableInfo in the catalog.
//
// One bad file or sheet never aborts the others: it becomes an ImportFailure naming file and
// sheet. Cancellation (AbortSignal) drops every table of the file imported so far and throws an
// ImportError with code 'cancelled'.
import type { OpenFileRequest } from '../../shared/api';
import type {
  ColumnInfo, ImportFailure, ImportOptions, ImportProgress, ImportResult, Issue, TableInfo, TextMessage,
} from '../../shared/types';
import { removeTable, saveTableInfo, uniqueTableName } from '../store/catalog';
import type { Database } from '../store/database';
import { TableWriter, rawColumnName, typedColumnName } from '../store/tableWriter';
import { readDelimited } from './delimited';
import { ColumnProfiler, makeCellConverter, type ColumnProfile, type ConvertedSlot, type TypedValue } from './infer';
import { sniffFormat } from './sniff';
import { ImportError, importError, placeMessage, type SourceTable } from './types';
import { messageText } from '../../shared/i18n/messages';
import { readXlsx } from './xlsx';

/** Progress events are throttled to about ten per second. */
const PROGRESS_INTERVAL_MS = 100;
/** Long synchronous stretches give the event loop a turn this often, so cancel messages arrive. */
const YIELD_INTERVAL_MS = 50;
/** Share of a table's progress taken by the profiling pass (the insert pass takes the rest). */
const PROFILING_SHARE = 0.35;
/** SQLite holds at most 2000 columns per table: __row plus a typed and a raw column per source column. */
const MAX_COLUMNS = 999;
/** Distinct texts whose classification the profilers of one table remember in all (~200 B each), and one of them. */
const PROFILE_CACHE_BUDGET = 65_536;
const MAX_PROFILE_CACHE = 4096;
/** Distinct date texts remembered by the converters of one table in all, and by one of them. */
const DATE_MEMO_BUDGET = 65_536;
const MAX_DATE_MEMO = 4096;
/** Example rows listed in an issue. */
const EXAMPLE_ROWS = 10;

export async function importFile(
  db: Database, req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal,
): Promise<ImportResult> {
  const { source, bytes } = req;
  const options: ImportOptions = req.options ?? {};
  const result: ImportResult = { tables: [], failures: [] };
  const progress = new ProgressReporter(source, bytes.length, onProgress);
  let tables: SourceTable[];
  try {
    throwIfCancelled(signal);
    progress.report({ phase: 'reading', sheet: null, rows: 0, bytes: 0, fraction: 0 }, true);
    const format = sniffFormat(bytes, source);
    tables = format === 'xlsx' ? await readXlsx(bytes, source, options, signal) : [readDelimited(bytes, source, options)];
    throwIfCancelled(signal);
  } catch (e) {
    if (isCancellation(e, signal)) throw cancelled(source);
    result.failures.push(failureOf(e, source, null));
    return result;
  }
  if (tables.length === 0) {
    result.failures.push({ source, sheet: null, code: 'no_tables', message: `${source}: the file contains no sheets with data` });
  }
  const multiSheet = tables.length > 1;
  for (let k = 0; k < tables.length; k++) {
    const table = tables[k];
    const span = { from: k / tables.length, to: (k + 1) / tables.length };
    try {
      result.tables.push(await importTable(db, source, table, multiSheet, options, progress, span, signal));
    } catch (e) {
      if (isCancellation(e, signal)) {
        for (const done of result.tables) removeTable(db, done.name);
        throw cancelled(source);
      }
      result.failures.push(failureOf(e, source, table.sheet));
    }
  }
  progress.report({ phase: 'done', sheet: null, rows: result.tables.reduce((n, t) => n + t.rowCount, 0), bytes: bytes.length, fraction: 1 }, true);
  return result;
}

async function importTable(
  db: Database, source: string, table: SourceTable, multiSheet: boolean, options: ImportOptions,
  progress: ProgressReporter, span: { from: number; to: number }, signal?: AbortSignal,
): Promise<TableInfo> {
  const sheet = table.sheet;
  const totalBytes = Math.max(1, table.totalBytes);
  const at = (share: number) => span.from + (span.to - span.from) * share;
  const yielder = new EventLoopYielder();

  if (table.header.length > MAX_COLUMNS) {
    throw importError('tooManyColumns', 'too_many_columns', source, { n: table.header.length, max: MAX_COLUMNS }, sheet);
  }

  // Pass 1: profile every column over the whole table. A reader that announced fewer rows than it
  // gave (a reader bug) would have let the profilers rule types out too early: profile again
  // without the count rather than fail or guess.
  const profilePass = async (announcedRows: number | undefined): Promise<ColumnProfile[]> => {
    const profilerOptions = {
      dateOrder: options.dateOrder, rowCount: announcedRows,
      cacheEntries: Math.min(MAX_PROFILE_CACHE, Math.floor(PROFILE_CACHE_BUDGET / Math.max(1, table.header.length))),
    };
    const profilers = table.header.map((name) => new ColumnProfiler(name, profilerOptions));
    let rowCount = 0;
    for await (const batch of table.rows(signal)) {
      throwIfCancelled(signal);
      const { rows, rowNumbers } = batch;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const rowNumber = rowNumbers[r];
        for (let c = 0; c < profilers.length; c++) profilers[c].add(row[c] ?? null, rowNumber);
      }
      rowCount += rows.length;
      progress.report({ phase: 'profiling', sheet, rows: rowCount, bytes: batch.bytes, fraction: at(PROFILING_SHARE * batch.bytes / totalBytes) });
      await yielder.maybeYield();
    }
    if (announcedRows !== undefined && rowCount > announcedRows) return profilePass(undefined);
    return profilers.map((p) => p.finish());
  };
  const profiles = await profilePass(table.rowCount);
  throwIfCancelled(signal);

  // Pass 2: convert and insert.
  const name = uniqueTableName(db, source, multiSheet ? sheet : null);
  const writer = new TableWriter(db, name, profiles.map((p) => p.type));
  let inserted = 0;
  try {
    const memoEntries = Math.min(MAX_DATE_MEMO, Math.floor(DATE_MEMO_BUDGET / Math.max(1, profiles.length)));
    const converted: ConvertedSlot = { value: null, raw: null };
    const converters = profiles.map((p) => makeCellConverter(p, converted, memoEntries));
    const values = new Array<TypedValue>(2 * converters.length);
    for await (const batch of table.rows(signal)) {
      throwIfCancelled(signal);
      const { rows, rowNumbers } = batch;
      writer.begin();
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        for (let c = 0; c < converters.length; c++) {
          converters[c](row[c] ?? null);
          values[2 * c] = converted.value;
          values[2 * c + 1] = converted.raw;
        }
        writer.add(rowNumbers[r], values);
      }
      writer.commit();
      inserted += rows.length;
      progress.report({ phase: 'inserting', sheet, rows: inserted, bytes: batch.bytes, fraction: at(PROFILING_SHARE + (1 - PROFILING_SHARE) * batch.bytes / totalBytes) });
      await yielder.maybeYield();
    }
    writer.close();
  } catch (e) {
    writer.drop();
    throw e;
  }

  const columns: ColumnInfo[] = profiles.map((p, i) => ({
    name: table.header[i],
    sqlName: typedColumnName(i),
    rawSqlName: rawColumnName(i),
    type: p.type,
    calendar: p.calendar,
    dateOrder: p.dateOrder,
    currency: p.currency,
    nonEmpty: p.nonEmpty,
    invalid: p.invalid,
    examples: p.examples,
  }));
  const issues = [...table.issues, ...profileIssues(table.header, profiles, inserted)];
  if (table.hidden) {
    issues.push({ severity: 'warning', code: 'hidden_sheet', column: null, rows: [], params: { sheet: sheet ?? '' }, message: `sheet "${sheet}" is hidden in the workbook` });
  }
  if (inserted === 0) {
    issues.push({ severity: 'warning', code: 'no_data_rows', column: null, rows: [], params: {}, message: 'the table has a header but no data rows' });
  }
  const info: TableInfo = {
    name, source, sheet, hiddenSheet: table.hidden, rowCount: inserted, encoding: table.encoding,
    delimiter: table.delimiter, headerRow: table.headerRow, columns,
    issues: issues.map((issue) => ({ ...issue, table: name })),
  };
  saveTableInfo(db, info);
  return info;
}

/** Invalid cells, blanks in otherwise filled columns, ambiguous date order — per column. */
function profileIssues(header: string[], profiles: ColumnProfile[], rowCount: number): Issue[] {
  const issues: Issue[] = [];
  profiles.forEach((p, i) => {
    const column = header[i];
    if (p.invalid > 0) {
      issues.push({
        severity: 'warning', code: 'invalid_value', column, rows: p.invalidRows.slice(0, EXAMPLE_ROWS), count: p.invalid,
        params: { column, count: p.invalid, type: p.type },
        message: `${p.invalid} cell(s) in column "${column}" are not valid ${p.type} values; their text is kept as is`,
      });
    }
    if (p.blank > 0 && p.nonEmpty > 0) {
      // Gaps in a mostly filled column are suspicious (telco's TotalCharges); a mostly empty column
      // (an end date that is blank while a subscription runs) is informational.
      issues.push({
        severity: p.blank < p.nonEmpty ? 'warning' : 'info', code: 'blank_cells', column, rows: p.blankRows.slice(0, EXAMPLE_ROWS), count: p.blank,
        params: { column, count: p.blank, total: rowCount },
        message: `${p.blank} blank cell(s) in column "${column}" (of ${rowCount} rows)`,
      });
    }
    if (p.ambiguousDateOrder) {
      issues.push({
        severity: 'warning', code: 'ambiguous_date_order', column, rows: [], params: { column, order: p.dateOrder ?? 'dmy' },
        message: `dates in column "${column}" fit both day-first and month-first; read as ${p.dateOrder ?? 'dmy'} (set the date order to change it)`,
      });
    }
  });
  return issues;
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ImportError({ key: 'importError.cancelled' }, 'cancelled');
}

function isCancellation(e: unknown, signal?: AbortSignal): boolean {
  return (e instanceof ImportError && e.code === 'cancelled') || (signal?.aborted ?? false)
    || (e instanceof Error && e.name === 'AbortError');
}

function cancelled(source: string): ImportError {
  return importError('cancelledFile', 'cancelled', source);
}

function failureOf(e: unknown, source: string, sheet: string | null): ImportFailure {
  const at = e instanceof ImportError && e.sheet !== null ? e.sheet : sheet;
  // A reader's error names its file (its text starts with the place); any other is put after it.
  const text: TextMessage = e instanceof ImportError && e.text.values?.place ? e.text
    : { key: 'importError.failed', values: { place: placeMessage(source, at), detail: e instanceof ImportError ? e.text : { key: 'importError.detail', values: { detail: e instanceof Error ? e.message : String(e) } } } };
  const code = e instanceof ImportError ? e.code : 'import_failed';
  return { source, sheet: at, message: messageText(text, 'en'), text, code };
}

/** Throttles progress events; the first event of each phase always goes out. */
class ProgressReporter {
  private last = -Infinity;
  private lastPhase: ImportProgress['phase'] | null = null;

  constructor(
    private readonly source: string, private readonly totalBytes: number,
    private readonly onProgress?: (p: ImportProgress) => void,
  ) {}

  report(p: Omit<ImportProgress, 'source' | 'totalBytes'>, force = false): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && p.phase === this.lastPhase && now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.lastPhase = p.phase;
    this.onProgress({ source: this.source, totalBytes: this.totalBytes, ...p, fraction: Math.min(1, Math.max(0, p.fraction)) });
  }
}

/** Lets timers and messages (a cancel request) run during a long import. */
class EventLoopYielder {
  private last = Date.now();

  async maybeYield(): Promise<void> {
    const now = Date.now();
    if (now - this.last < YIELD_INTERVAL_MS) return;
    // setImmediate (Node, workers) runs right after pending messages; setTimeout waits ≥ 1 ms.
    await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
    this.last = Date.now();
  }
}

// Contracts between the file readers (delimited text, XLSX), type inference and the import
// pipeline that writes into sql.js.
import type { Issue, TextMessage } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';

/** A cell as a reader produces it: text from delimited files; typed values from XLSX cells. */
export type CellValue = string | number | boolean | Date | null;

export interface SourceRowBatch {
  /** Source row numbers (1-based, as a spreadsheet shows them), one per row. */
  rowNumbers: number[];
  /** Cells per row, already aligned to the header (padded / extra cells reported as issues). */
  rows: CellValue[][];
  /** Bytes of the file consumed so far (for progress). */
  bytes: number;
}

/** One table read from a file: a delimited text file, or one workbook sheet. */
export interface SourceTable {
  sheet: string | null;
  hidden: boolean;
  encoding: string;
  delimiter: string | null;
  /** Source row number of the header row (0 when the file has none and names were generated). */
  headerRow: number;
  /** Column names as in the file; empty or duplicate headers get generated, unique names. */
  header: string[];
  /** Reader-level issues (ragged rows, skipped title rows…), complete once rows() has been read. */
  issues: Issue[];
  /** Iterates the data rows in batches. Can be called more than once (profiling, then inserting). */
  rows(signal?: AbortSignal): AsyncIterable<SourceRowBatch>;
  totalBytes: number;
  /**
   * How many rows rows() yields, when the reader knows before reading them (delimited text counts
   * its records first); lets type inference stop testing types a column can no longer reach.
   */
  rowCount?: number;
}

/**
 * A file could not be read at all (or one sheet of it). `text` is the message (key + values naming
 * the file and sheet) the hosts show in the reader's language; `message` is its English text.
 */
export class ImportError extends Error {
  constructor(readonly text: TextMessage, readonly code: string, readonly sheet: string | null = null) {
    super(messageText(text, 'en'));
    this.name = 'ImportError';
  }
}

/** Where an import message points: the file, or a sheet of it (a nested message, so each language words it). */
export function placeMessage(source: string, sheet: string | null = null): TextMessage {
  return sheet === null ? { key: 'importError.place.file', values: { file: source } }
    : { key: 'importError.place.sheet', values: { file: source, sheet } };
}

/** An ImportError whose text is `importError.<name>` with the place first ({{place}}) and `values`. */
export function importError(
  name: string, code: string, source: string, values: TextMessage['values'] = {}, sheet: string | null = null,
): ImportError {
  return new ImportError({ key: `importError.${name}`, values: { place: placeMessage(source, sheet), ...values } }, code, sheet);
}

// Delimited text (.csv .tsv .txt): encoding, delimiter and header detection, and a tight
// quote-aware parser over the decoded text. The text is decoded once and kept; rows are parsed
// again on every rows() call (profiling pass, then insert pass) instead of being held in memory.
//
// Ragged rows are never dropped:
// - a row with fewer cells than the header is padded with empty cells (warning with row numbers);
// - a row with more non-empty cells than the header keeps them in generated columns
//   "Column N+1"… appended to the header (warning with row numbers). Extra cells that are all
//   empty (a trailing delimiter) are not data and are ignored.
// Blank lines carry no cells; they are skipped (and counted in a warning), but still count in
// the row numbering so row numbers match what a spreadsheet shows for the file.
import type { ImportOptions, Issue } from '../../shared/types';
import { decodeFile, type DecodedFile } from './encoding';
import { assertLooksLikeText } from './sniff';
import { ImportError, type CellValue, type SourceRowBatch, type SourceTable } from './types';

/** Pseudo delimiter: fields separated by runs of spaces/tabs, leading and trailing blanks ignored. */
export const WHITESPACE = ' ';

/** In order of preference when equally consistent (see sniffDelimiter). */
const CANDIDATE_DELIMITERS = ['\t', ';', '|', ','];
const SNIFF_CHARS = 64 * 1024;
const SNIFF_RECORDS = 100;
const BATCH_ROWS = 2000;
/** Example row numbers kept per issue. */
const EXAMPLE_ROWS = 10;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Reads records from decoded text. `next(out)` parses one record into `out` (when given) and
 * returns its field count, or -1 at the end; without `out` it only counts (structure scan).
 */
export class RecordReader {
  pos: number;
  /** 1-based ordinal of the record last returned (blank lines included). */
  record = 0;
  /** Number of fields up to and including the last non-empty one, of the record last returned. */
  lastNonEmpty = 0;
  /** Record number where an opening quote was never closed (the field ran to the end), or 0. */
  unterminatedQuoteAt = 0;
  private readonly delim: number;
  private readonly whitespace: boolean;

  constructor(private readonly text: string, delimiter: string, start = 0) {
    this.pos = start;
    this.whitespace = delimiter === WHITESPACE;
    this.delim = delimiter.charCodeAt(0);
  }

  next(out: string[] | null): number {
    if (this.pos >= this.text.length) return -1;
    this.record++;
    if (out) out.length = 0;
    return this.whitespace ? this.nextWhitespace(out) : this.nextDelimited(out);
  }

  private nextDelimited(out: string[] | null): number {
    const text = this.text;
    const n = text.length;
    const delim = this.delim;
    let i = this.pos;
    let fields = 0;
    let lastNonEmpty = 0;
    for (;;) {
      // One field starting at i.
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let chunkStart = i + 1;
        let j = i + 1;
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            if (out) value += text.slice(chunkStart);
            j = n;
            break;
          }
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            if (out) value += text.slice(chunkStart, q + 1);
            j = q + 2;
            chunkStart = j;
            continue;
          }
          if (out) value += text.slice(chunkStart, q);
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed && this.unterminatedQuoteAt === 0) this.unterminatedQuoteAt = this.record;
        // Lenient: characters between a closing quote and the next delimiter belong to the field.
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        if (k > j && out) value += text.slice(j, k);
        const nonEmpty = value.length > 0 || k > j || j - i > 2;
        fields++;
        if (nonEmpty) lastNonEmpty = fields;
        if (out) out.push(value);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        fields++;
        if (k > i) lastNonEmpty = fields;
        if (out) out.push(k > i ? text.slice(i, k) : '');
        i = k;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) { i++; if (i >= n) { fields++; if (out) out.push(''); break; } continue; }
      // End of record: \n, \r or \r\n.
      i += c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      break;
    }
    this.pos = i;
    this.lastNonEmpty = lastNonEmpty;
    return fields;
  }

  private nextWhitespace(out: string[] | null): number {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    let fields = 0;
    for (;;) {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c !== SPACE && c !== TAB) break;
        i++;
      }
      if (i >= n) break;
      let c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        i += c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        break;
      }
      const start = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === SPACE || c === TAB || c === LF || c === CR) break;
        i++;
      }
      fields++;
      if (out) out.push(text.slice(start, i));
    }
    this.pos = i;
    this.lastNonEmpty = fields;
    // A blank line is one empty field, as in delimited mode.
    if (fields === 0) { if (out) out.push(''); return 1; }
    return fields;
  }
}

/**
 * V8 strings hold at most 2^29 - 24 characters (about 512 MB of text). Decoders report going past
 * it either as a RangeError or as a plain Error with code ERR_STRING_TOO_LONG (Node's Buffer paths).
 */
export function isStringLimitError(e: unknown): boolean {
  if (e instanceof RangeError) return true;
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === 'ERR_STRING_TOO_LONG' || (typeof err?.message === 'string' && /string longer than/i.test(err.message));
}

export function readDelimited(bytes: Uint8Array, source: string, options: ImportOptions = {}): SourceTable {
  let decoded: DecodedFile;
  try {
    decoded = decodeFile(bytes, options.encoding);
  } catch (e) {
    if (isStringLimitError(e)) {
      throw new ImportError(`${source}: the file is too large to read as text (more than about 512 million characters); split it or save it as .xlsx`, 'too_large');
    }
    throw e;
  }
  let text = decoded.text;
  // A BOM decoded as U+FEFF (forced encoding, or a BOM in another encoding than detected).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  assertLooksLikeText(text, source);
  if (text.trim().length === 0) throw new ImportError(`${source}: the file is empty (no text)`, 'empty_file');

  // Excel's "sep=;" first line names the delimiter; Excel does not show it as a row, nor do we.
  const sepHint = /^sep=([^\r\n])(\r\n|\n|\r)/i.exec(text.slice(0, 8));
  if (sepHint) text = text.slice(sepHint[0].length);
  const delimiter = options.delimiter ?? sepHint?.[1] ?? sniffDelimiter(text);
  const totalBytes = bytes.length;

  // First non-blank record: header candidate; the records after it: the sample it is judged on.
  const sampleReader = new RecordReader(text, delimiter);
  const firstCells: string[] = [];
  let firstRecord = 0;
  let dataStart = 0;
  while (sampleReader.next(firstCells) >= 0) {
    if (!(firstCells.length === 1 && firstCells[0] === '')) { firstRecord = sampleReader.record; dataStart = sampleReader.pos; break; }
  }
  const sample: string[][] = [];
  for (let cells: string[] = []; sample.length < SNIFF_RECORDS && sampleReader.next(cells) >= 0; cells = []) {
    if (!(cells.length === 1 && cells[0] === '')) sample.push(cells);
  }
  const hasHeader = options.hasHeader ?? looksLikeHeader(firstCells, sample);
  const headerRow = hasHeader ? firstRecord : 0;
  const bodyStart = hasHeader ? dataStart : 0;
  const recordOffset = hasHeader ? firstRecord : 0;

  // Structure scan (counting only): ragged rows and the final width, before anyone reads rows.
  // A header's trailing empty cells (a trailing delimiter) name nothing: the table is as wide as
  // its named columns or its widest data, whichever is wider.
  const headerCells = hasHeader ? firstCells : [];
  let namedWidth = headerCells.length;
  while (namedWidth > 0 && headerCells[namedWidth - 1].trim() === '') namedWidth--;
  const scan = scanStructure(text, delimiter, bodyStart, recordOffset, headerCells.length, namedWidth);
  const width = Math.max(namedWidth, scan.width);
  const header = uniqueHeader(headerCells, width);
  const issues = structureIssues(scan, hasHeader ? headerCells.length : width, width);
  if (decoded.runnerUp) {
    issues.unshift({
      severity: 'warning', code: 'uncertain_encoding', column: null, rows: [], params: { file: source, encoding: decoded.encoding, runnerUp: String(decoded.runnerUp) },
      message: `${source}: the text encoding was uncertain; read as ${decoded.encoding}, ${decoded.runnerUp} came close. If the text looks wrong, choose the encoding and import again.`,
    });
  }

  return {
    sheet: null,
    hidden: false,
    encoding: decoded.encoding,
    delimiter,
    headerRow,
    header,
    issues,
    totalBytes,
    rowCount: scan.rows,
    rows: (signal?: AbortSignal) => iterateRows(text, delimiter, bodyStart, recordOffset, width, totalBytes, signal),
  };
}

async function* iterateRows(
  text: string, delimiter: string, start: number, recordOffset: number, width: number, totalBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<SourceRowBatch> {
  const reader = new RecordReader(text, delimiter, start);
  const bytesPerChar = text.length > 0 ? totalBytes / text.length : 1;
  let rowNumbers: number[] = [];
  let rows: CellValue[][] = [];
  let cells: string[] = [];
  while (reader.next(cells) >= 0) {
    if (cells.length === 1 && cells[0] === '') continue;
    const row: CellValue[] = cells;
    // Pad short rows; drop only trailing empty cells beyond the width (a trailing delimiter).
    while (row.length < width) row.push(null);
    if (row.length > width) row.length = width;
    for (let c = 0; c < width; c++) if (row[c] === '') row[c] = null;
    rowNumbers.push(reader.record + recordOffset);
    rows.push(row);
    cells = [];
    if (rows.length >= BATCH_ROWS) {
      if (signal?.aborted) throw new ImportError('import cancelled', 'cancelled');
      yield { rowNumbers, rows, bytes: Math.round(reader.pos * bytesPerChar) };
      rowNumbers = [];
      rows = [];
    }
  }
  if (rows.length > 0) yield { rowNumbers, rows, bytes: totalBytes };
}

interface StructureScan {
  /** Widest record, counting only up to its last non-empty cell. */
  width: number;
  /** Data rows (records that are not blank lines). */
  rows: number;
  shortRows: number; shortExamples: number[];
  longRows: number; longExamples: number[];
  blankLines: number;
  unterminatedQuoteAt: number;
}

/**
 * Counting pass over the data records. With a header: rows narrower than its named columns are
 * short; rows with non-empty cells beyond its cells are long. Without: the widest row sets the width.
 */
function scanStructure(
  text: string, delimiter: string, start: number, recordOffset: number, headerWidth: number, namedWidth: number,
): StructureScan {
  const scan: StructureScan = { width: namedWidth, rows: 0, shortRows: 0, shortExamples: [], longRows: 0, longExamples: [], blankLines: 0, unterminatedQuoteAt: 0 };
  const reader = new RecordReader(text, delimiter, start);
  let narrowest = Infinity;
  let fields: number;
  while ((fields = reader.next(null)) >= 0) {
    const used = reader.lastNonEmpty;
    if (used === 0 && fields <= 1) { scan.blankLines++; continue; }
    scan.rows++;
    if (used > scan.width) scan.width = used;
    if (headerWidth === 0) {
      if (fields < narrowest) narrowest = fields;
    } else if (used > headerWidth) {
      scan.longRows++;
      if (scan.longExamples.length < EXAMPLE_ROWS) scan.longExamples.push(reader.record + recordOffset);
    } else if (fields < namedWidth) {
      scan.shortRows++;
      if (scan.shortExamples.length < EXAMPLE_ROWS) scan.shortExamples.push(reader.record + recordOffset);
    }
  }
  scan.unterminatedQuoteAt = reader.unterminatedQuoteAt === 0 ? 0 : reader.unterminatedQuoteAt + recordOffset;
  if (headerWidth === 0 && narrowest < scan.width) {
    // No header: the table is as wide as its widest row; a second count finds the narrower rows.
    const again = new RecordReader(text, delimiter, start);
    while ((fields = again.next(null)) >= 0) {
      if (again.lastNonEmpty === 0 && fields <= 1) continue;
      if (fields < scan.width) {
        scan.shortRows++;
        if (scan.shortExamples.length < EXAMPLE_ROWS) scan.shortExamples.push(again.record + recordOffset);
      }
    }
  }
  return scan;
}

function structureIssues(scan: StructureScan, headerWidth: number, width: number): Issue[] {
  const issues: Issue[] = [];
  if (scan.shortRows > 0) {
    issues.push({
      severity: 'warning', code: 'ragged_row', column: null, rows: scan.shortExamples, count: scan.shortRows,
      params: { count: scan.shortRows, width: headerWidth, side: 'short' },
      message: `${scan.shortRows} row(s) have fewer cells than the header (${headerWidth}); the missing cells are empty`,
    });
  }
  if (scan.longRows > 0) {
    issues.push({
      severity: 'warning', code: 'ragged_row', column: null, rows: scan.longExamples, count: scan.longRows,
      params: { count: scan.longRows, width: headerWidth, side: 'long' },
      message: `${scan.longRows} row(s) have more cells than the header (${headerWidth}); the extra cells are kept in generated columns ${headerWidth + 1}–${width}`,
    });
  }
  if (scan.unterminatedQuoteAt > 0) {
    issues.push({
      severity: 'warning', code: 'unterminated_quote', column: null, rows: [scan.unterminatedQuoteAt], count: 1, params: { row: scan.unterminatedQuoteAt },
      message: `a quoted cell opened in row ${scan.unterminatedQuoteAt} is never closed; the rest of the file was read into that cell`,
    });
  }
  if (scan.blankLines > 0) {
    issues.push({
      severity: 'warning', code: 'blank_lines', column: null, rows: [], count: scan.blankLines, params: { count: scan.blankLines },
      message: `${scan.blankLines} blank line(s) skipped`,
    });
  }
  return issues;
}

/** Header names: trimmed; empty → "Column i"; duplicates → "Name (2)"; padded to `width`. */
export function uniqueHeader(cells: string[], width: number): string[] {
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const base = (cells[i] ?? '').trim() || `Column ${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base} (${k})`;
    used.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

/**
 * Picks the delimiter that splits the first records into the same number (> 1) of fields most
 * consistently; whitespace runs only when no real delimiter does. Equally consistent candidates
 * go by CANDIDATE_DELIMITERS order: ';' before ',' because decimal commas ("12,5") split
 * consistently too in the semicolon files of decimal-comma locales.
 */
export function sniffDelimiter(text: string): string {
  const sampleText = sampleRecordsText(text);
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const score = consistencyScore(sampleText, delimiter);
    if (score > best.score) best = { delimiter, score };
  }
  if (best.score >= 0.5) return best.delimiter;
  const whitespace = consistencyScore(sampleText, WHITESPACE);
  if (whitespace >= 0.9 && whitespace > best.score) return WHITESPACE;
  return best.score > 0 ? best.delimiter : ',';
}

/** The start of the text, cut at a line end so the last sampled record is whole where possible. */
function sampleRecordsText(text: string): string {
  if (text.length <= SNIFF_CHARS) return text;
  const cut = text.lastIndexOf('\n', SNIFF_CHARS);
  return text.slice(0, cut > 0 ? cut : SNIFF_CHARS);
}

/** Fraction of sampled records having the modal field count, when that count is > 1 (else 0). */
function consistencyScore(sampleText: string, delimiter: string): number {
  const reader = new RecordReader(sampleText, delimiter);
  const counts = new Map<number, number>();
  let records = 0;
  let fields: number;
  while (records < SNIFF_RECORDS && (fields = reader.next(null)) >= 0) {
    if (reader.lastNonEmpty === 0 && fields <= 1) continue;
    counts.set(fields, (counts.get(fields) ?? 0) + 1);
    records++;
  }
  let modeFields = 0;
  let modeCount = 0;
  for (const [f, c] of counts) if (c > modeCount || (c === modeCount && f > modeFields)) { modeFields = f; modeCount = c; }
  if (records === 0 || modeFields < 2) return 0;
  return modeCount / records;
}

type CellKind = 'empty' | 'number' | 'text';

/** Numeric-looking: digits in any script with separators, signs, currency or percent, no letters. */
function cellKind(cell: string): CellKind {
  const t = cell.trim();
  if (t === '') return 'empty';
  if (/\p{Nd}/u.test(t) && !/\p{L}/u.test(t.replace(/^(NT\$|US\$|R\$|[A-Z]{3})\s*|\s*[A-Z]{3}$/, ''))) return 'number';
  return 'text';
}

/**
 * Whether the first row is a header: a header cell is text where the data below is numeric (or
 * dates); when every first-row cell has the same kind as its column below — and some are numbers —
 * the first row is data. A table of text only is assumed to have a header.
 */
export function looksLikeHeader(first: string[], sample: string[][]): boolean {
  if (sample.length === 0) return true;
  let textOverNumbers = 0;
  let numberLikeColumn = 0;
  for (let c = 0; c < first.length; c++) {
    let numbers = 0;
    let nonEmpty = 0;
    for (const row of sample) {
      const kind = cellKind(row[c] ?? '');
      if (kind === 'empty') continue;
      nonEmpty++;
      if (kind === 'number') numbers++;
    }
    const columnNumeric = nonEmpty > 0 && numbers >= nonEmpty * 0.8;
    const firstKind = cellKind(first[c]);
    if (columnNumeric && firstKind === 'text') textOverNumbers++;
    if (columnNumeric && firstKind === 'number') numberLikeColumn++;
    // Empty header cells say nothing either way.
  }
  if (textOverNumbers > 0) return true;
  if (numberLikeColumn > 0) return false;
  return true;
}

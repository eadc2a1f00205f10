// Delimited text (.csv .tsv .txt): encoding, delimiter and header detection, and a tight
// quote-aware parser over text decoded a chunk at a time. Only the bytes stay in memory: every
// pass (structure scan, then rows() for profiling and for inserting) decodes them again, so no
// string ever holds the whole file (V8 strings stop at about 512 million characters).
//
// Ragged rows are never dropped:
// - a row with fewer cells than the header is padded with empty cells (warning with row numbers);
// - a row with more non-empty cells than the header keeps them in generated columns
//   "Column N+1"… appended to the header (warning with row numbers). Extra cells that are all
//   empty (a trailing delimiter) are not data and are ignored.
// Blank lines carry no cells; they are skipped (and counted in a warning), but still count in
// the row numbering so row numbers match what a spreadsheet shows for the file.
import type { ImportOptions, Issue } from '../../shared/types';
import { DEFAULT_CHUNK_BYTES, openText, readWithEncoding, type TextEncodingDetection, type TextSource } from './encoding';
import { assertLooksLikeText } from './sniff';
import { ImportError, importError, type CellValue, type SourceRowBatch, type SourceTable } from './types';

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
/** A record parser's result when the record runs past the text read so far. */
const CUT = -2;
/** Characters of the next piece joined to a record cut at the end of a piece (most records are shorter). */
const BRIDGE_CHARS = 4096;

/**
 * Reads records from text: one string, or a TextSource read piece by piece. `next(out)` parses one
 * record into `out` (when given) and returns its field count, or -1 at the end; without `out` it
 * only counts (structure scan). A record cut by the end of a piece is parsed again once the next
 * piece is appended, so a quoted field with newlines, a CRLF or a "" may span pieces.
 */
export class RecordReader {
  pos = 0;
  /** 1-based ordinal of the record last returned (blank lines included). */
  record = 0;
  /** Number of fields up to and including the last non-empty one, of the record last returned. */
  lastNonEmpty = 0;
  /** Record number where an opening quote was never closed (the field ran to the end), or 0. */
  unterminatedQuoteAt = 0;
  private readonly delim: number;
  private readonly whitespace: boolean;
  /** Whether `text` reaches the end of the input (always, without a source). */
  private final: boolean;
  /** Characters of the input before text[0]. */
  private consumed = 0;
  /**
   * While text is a bridge (see readMore): the piece it leads into, how many of the piece's
   * characters it holds, and where in text the piece starts.
   */
  private piece: string | null = null;
  private pieceUsed = 0;
  private pieceAt = 0;

  constructor(private text: string, delimiter: string, private readonly source: TextSource | null = null) {
    this.final = source === null;
    this.whitespace = delimiter === WHITESPACE;
    this.delim = delimiter.charCodeAt(0);
  }

  next(out: string[] | null): number {
    for (;;) {
      if (this.pos >= this.text.length) {
        if (this.final) return -1;
        this.readMore();
        continue;
      }
      const start = this.pos;
      this.record++;
      if (out) out.length = 0;
      const fields = this.whitespace ? this.nextWhitespace(out) : this.nextDelimited(out);
      if (fields !== CUT) {
        if (this.piece !== null && this.pos >= this.pieceAt) this.leaveBridge();
        return fields;
      }
      this.record--;
      this.pos = start;
      this.readMore();
    }
  }

  /** Skips characters before the first record (a BOM decoded as U+FEFF, Excel's "sep=" line). */
  skipChars(count: number): void {
    while (this.text.length - this.pos < count && !this.final) this.readMore();
    this.pos = Math.min(this.text.length, this.pos + count);
    if (this.piece !== null && this.pos >= this.pieceAt) this.leaveBridge();
  }

  /** Estimated bytes of the input consumed so far (for progress). */
  bytesConsumed(): number {
    const source = this.source;
    if (!source || source.charsRead === 0) return 0;
    return Math.round(source.bytesRead * (this.consumed + this.pos) / source.charsRead);
  }

  /**
   * Makes text from `pos` on longer. Copying every piece behind the unparsed rest would cost as
   * much as decoding, so a short rest is joined with only the start of the next piece (a bridge);
   * once the records on the bridge reach into the piece, parsing goes on in the piece itself.
   * A rest longer than a piece gets at least as many new characters as it holds, so a huge record
   * is parsed again a logarithmic number of times, not once per piece.
   */
  private readMore(): void {
    const start = this.pos;
    const rest = start < this.text.length ? this.text.slice(start) : '';
    this.consumed += start;
    this.pos = 0;
    if (this.piece === null) {
      let piece = this.source!.read();
      while (piece === '') piece = this.source!.read();
      if (piece === null) {
        this.final = true;
        this.text = rest;
        return;
      }
      if (rest.length === 0) {
        this.text = piece;
        return;
      }
      if (rest.length >= piece.length) {
        const pieces = [rest, piece];
        for (let added = piece.length; added < rest.length;) {
          const more = this.source!.read();
          if (more === null) { this.final = true; break; }
          pieces.push(more);
          added += more.length;
        }
        this.text = pieces.join('');
        return;
      }
      this.piece = piece;
      this.pieceUsed = 0;
      this.pieceAt = rest.length;
    } else {
      this.pieceAt -= start;
    }
    const piece = this.piece;
    const take = Math.min(piece.length - this.pieceUsed, Math.max(BRIDGE_CHARS, rest.length));
    this.text = rest + piece.slice(this.pieceUsed, this.pieceUsed + take);
    this.pieceUsed += take;
    // The whole piece is on the bridge: it is the text now.
    if (this.pieceUsed >= piece.length) this.piece = null;
  }

  /** From the bridge to the piece it leads into (the same characters from pieceAt on). */
  private leaveBridge(): void {
    this.consumed += this.pieceAt;
    this.pos -= this.pieceAt;
    this.text = this.piece!;
    this.piece = null;
  }

  private nextDelimited(out: string[] | null): number {
    const text = this.text;
    const n = text.length;
    const final = this.final;
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
            if (!final) return CUT;
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
        // Also catches a quote last in the text read so far, which may be the first of a "".
        if (k >= n && !final) return CUT;
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
        if (k >= n && !final) return CUT;
        fields++;
        if (k > i) lastNonEmpty = fields;
        if (out) out.push(k > i ? text.slice(i, k) : '');
        i = k;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          if (!final) return CUT;
          fields++;
          if (out) out.push('');
          break;
        }
        continue;
      }
      // End of record: \n, \r or \r\n (a \r last in the text read so far may be half a \r\n).
      if (c === CR && i + 1 >= n && !final) return CUT;
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
    const final = this.final;
    let i = this.pos;
    let fields = 0;
    for (;;) {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c !== SPACE && c !== TAB) break;
        i++;
      }
      if (i >= n) {
        if (!final) return CUT;
        break;
      }
      let c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === CR && i + 1 >= n && !final) return CUT;
        i += c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        break;
      }
      const start = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === SPACE || c === TAB || c === LF || c === CR) break;
        i++;
      }
      // A word cut by the end of the text read so far is caught by the i >= n test above, next round.
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

/** Not for users: lets tests force tiny chunks so records, CRLFs and characters span them. */
export interface DelimitedReaderTuning {
  chunkBytes?: number;
}

export function readDelimited(
  bytes: Uint8Array, source: string, options: ImportOptions = {}, tuning: DelimitedReaderTuning = {},
): SourceTable {
  const chunkBytes = tuning.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  try {
    return readWithEncoding(bytes, options.encoding, (detected) => readDetected(bytes, source, options, detected, chunkBytes));
  } catch (e) {
    // Only one record (a cell whose quote never closes, say) can grow that long now.
    if (isStringLimitError(e)) {
      throw importError('rowTooLong', 'too_large', source);
    }
    throw e;
  }
}

function readDetected(
  bytes: Uint8Array, source: string, options: ImportOptions, detected: TextEncodingDetection, chunkBytes: number,
): SourceTable {
  // Until one read has gone through the whole file, UTF-8 guessed from its start is read fatally.
  let confirming = detected.unconfirmedUtf8 === true;
  const open = () => openText(bytes, detected, chunkBytes, confirming);

  // Checks and sniffing look at the start of the text (the few characters skipped below included).
  const head = readStart(open(), SNIFF_CHARS + 16);
  // A BOM decoded as U+FEFF (forced encoding, or a BOM in another encoding than detected).
  let skip = head.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = head.text.slice(skip);
  assertLooksLikeText(start, source);
  if (isBlank(head, open)) throw importError('noText', 'empty_file', source);

  // Excel's "sep=;" first line names the delimiter; Excel does not show it as a row, nor do we.
  const sepHint = /^sep=([^\r\n])(\r\n|\n|\r)/i.exec(start.slice(0, 8));
  if (sepHint) skip += sepHint[0].length;
  const delimiter = options.delimiter ?? sepHint?.[1] ?? sniffDelimiter(head.text.slice(skip));
  const totalBytes = bytes.length;
  const records = () => {
    const reader = new RecordReader('', delimiter, open());
    reader.skipChars(skip);
    return reader;
  };

  // First non-blank record: header candidate; the records after it: the sample it is judged on.
  const sampleReader = records();
  const firstCells: string[] = [];
  let firstRecord = 0;
  while (sampleReader.next(firstCells) >= 0) {
    if (!(firstCells.length === 1 && firstCells[0] === '')) { firstRecord = sampleReader.record; break; }
  }
  const sample: string[][] = [];
  for (let cells: string[] = []; sample.length < SNIFF_RECORDS && sampleReader.next(cells) >= 0; cells = []) {
    if (!(cells.length === 1 && cells[0] === '')) sample.push(cells);
  }
  const hasHeader = options.hasHeader ?? looksLikeHeader(firstCells, sample);
  const headerRow = hasHeader ? firstRecord : 0;
  // Data records: those after the header (and the blank lines before it), numbered from the file's start.
  const body = () => {
    const reader = records();
    while (reader.record < headerRow && reader.next(null) >= 0) { /* header and blank lines above it */ }
    reader.unterminatedQuoteAt = 0;
    return reader;
  };

  // Structure scan (counting only): ragged rows and the final width, before anyone reads rows.
  // A header's trailing empty cells (a trailing delimiter) name nothing: the table is as wide as
  // its named columns or its widest data, whichever is wider.
  const headerCells = hasHeader ? firstCells : [];
  let namedWidth = headerCells.length;
  while (namedWidth > 0 && headerCells[namedWidth - 1].trim() === '') namedWidth--;
  const scan = scanStructure(body, headerCells.length, namedWidth);
  // The scan read every byte: UTF-8 is confirmed.
  confirming = false;
  const width = Math.max(namedWidth, scan.width);
  const header = uniqueHeader(headerCells, width);
  const issues = structureIssues(scan, hasHeader ? headerCells.length : width, width);
  if (detected.runnerUp) {
    issues.unshift({
      severity: 'warning', code: 'uncertain_encoding', column: null, rows: [], params: { file: source, encoding: detected.encoding, runnerUp: String(detected.runnerUp) },
      message: `${source}: the text encoding was uncertain; read as ${detected.encoding}, ${detected.runnerUp} came close. If the text looks wrong, choose the encoding and import again.`,
    });
  }

  return {
    sheet: null,
    hidden: false,
    encoding: detected.encoding,
    delimiter,
    headerRow,
    header,
    issues,
    totalBytes,
    rowCount: scan.rows,
    rows: (signal?: AbortSignal) => iterateRows(body(), width, totalBytes, signal),
  };
}

/** The first `minChars` characters of the text (all of it when shorter), and whether that is all. */
function readStart(source: TextSource, minChars: number): { text: string; complete: boolean } {
  const pieces: string[] = [];
  let length = 0;
  while (length < minChars) {
    const piece = source.read();
    if (piece === null) return { text: pieces.join(''), complete: true };
    pieces.push(piece);
    length += piece.length;
  }
  return { text: pieces.join(''), complete: false };
}

/** Whether the text is whitespace only, reading past its start only while that is blank. */
function isBlank(head: { text: string; complete: boolean }, open: () => TextSource): boolean {
  if (/\S/.test(head.text)) return false;
  if (head.complete) return true;
  const source = open();
  for (let piece = source.read(); piece !== null; piece = source.read()) if (/\S/.test(piece)) return false;
  return true;
}

async function* iterateRows(reader: RecordReader, width: number, totalBytes: number, signal?: AbortSignal): AsyncGenerator<SourceRowBatch> {
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
    rowNumbers.push(reader.record);
    rows.push(row);
    cells = [];
    if (rows.length >= BATCH_ROWS) {
      if (signal?.aborted) throw new ImportError({ key: 'importError.cancelled' }, 'cancelled');
      yield { rowNumbers, rows, bytes: Math.min(totalBytes, reader.bytesConsumed()) };
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
function scanStructure(body: () => RecordReader, headerWidth: number, namedWidth: number): StructureScan {
  const scan: StructureScan = { width: namedWidth, rows: 0, shortRows: 0, shortExamples: [], longRows: 0, longExamples: [], blankLines: 0, unterminatedQuoteAt: 0 };
  const reader = body();
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
      if (scan.longExamples.length < EXAMPLE_ROWS) scan.longExamples.push(reader.record);
    } else if (fields < namedWidth) {
      scan.shortRows++;
      if (scan.shortExamples.length < EXAMPLE_ROWS) scan.shortExamples.push(reader.record);
    }
  }
  scan.unterminatedQuoteAt = reader.unterminatedQuoteAt;
  if (headerWidth === 0 && narrowest < scan.width) {
    // No header: the table is as wide as its widest row; a second count finds the narrower rows.
    const again = body();
    while ((fields = again.next(null)) >= 0) {
      if (again.lastNonEmpty === 0 && fields <= 1) continue;
      if (fields < scan.width) {
        scan.shortRows++;
        if (scan.shortExamples.length < EXAMPLE_ROWS) scan.shortExamples.push(again.record);
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

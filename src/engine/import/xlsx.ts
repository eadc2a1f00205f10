// XLSX reader. ExcelJS's streaming WorkbookReader unzips the workbook and parses its workbook
// part (sheet names, hidden state, 1904 dates), styles (number formats) and shared strings; the
// cells of each worksheet are read from the sheet XML that ExcelJS streams, by a flat scanner
// (sheetScanner below) — ExcelJS's own row objects cost about 3× more time, lose formula error
// values and ignore merged cells. Every sheet is read once and kept in compact per-column arrays,
// so SourceTable.rows() can be iterated again (profiling, then inserting) without re-unzipping.
//
// Hostile input is refused before anything is inflated (see zip.ts), and each entry's real
// inflated size is checked against its declared size before ExcelJS sees the archive.
import ExcelJS from 'exceljs';
import { Readable } from 'stream';
import type { ImportOptions, Issue, TextMessage } from '../../shared/types';
import { ImportError, importError, placeMessage, type CellValue, type SourceRowBatch, type SourceTable } from './types';
import { inspectZip, ZipProblem, type ZipDirectory, type ZipEntry } from './zip';

/** Rows per batch handed to the pipeline. */
const BATCH_ROWS = 4096;
/** Rows looked at to find the header row. */
const HEADER_SEARCH_ROWS = 30;
/** Size of the pieces of the file handed to ExcelJS's unzipper. */
const INPUT_PIECE_BYTES = 64 * 1024;
/** Example row numbers kept per issue. */
const EXAMPLE_ROWS = 10;
/**
 * Excel's sheet size (XFD1048576). A reference beyond it comes from a damaged or hostile file; it
 * is refused while scanning, before any per-column or per-row structure is sized by it.
 */
const EXCEL_MAX_COLUMNS = 16_384;
const EXCEL_MAX_ROWS = 1_048_576;

export async function readXlsx(
  bytes: Uint8Array, source: string, options: ImportOptions, signal?: AbortSignal,
): Promise<SourceTable[]> {
  refuseNonZipContainers(bytes, source);
  let directory: ZipDirectory;
  try {
    directory = inspectZip(bytes);
  } catch (e) {
    if (e instanceof ZipProblem) throw importError('zipProblem', e.code, source, { problem: e.text });
    throw e;
  }
  const parts = workbookParts(directory.entries);
  if (!parts.metadata.some((e) => e.name === 'xl/workbook.xml')) {
    throw importError('noWorkbookPart', 'not_xlsx', source);
  }
  await verifyInflatedSizes(bytes, parts.metadata, source, signal);
  const sheets = await scanWorkbook(bytes, directory, parts, source, options, signal);
  return sheets.map((sheet) => buildSourceTable(sheet, options, bytes.length));
}

interface WorkbookParts {
  /** Workbook relationships, workbook, styles, shared strings — in the order ExcelJS needs them. */
  metadata: ZipEntry[];
  /** Worksheet XML parts, in archive order. */
  worksheets: ZipEntry[];
}

const METADATA_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
/** The worksheet part names ExcelJS's streaming reader recognises. */
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

function workbookParts(entries: ZipEntry[]): WorkbookParts {
  const metadata: ZipEntry[] = [];
  for (const name of METADATA_PARTS) {
    const entry = entries.find((e) => e.name === name);
    if (entry) metadata.push(entry);
  }
  const worksheets = entries.filter((e) => WORKSHEET_PART.test(e.name)).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  return { metadata, worksheets };
}

// ---------------------------------------------------------------------------------------------
// Containers that are not zip archives

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function refuseNonZipContainers(bytes: Uint8Array, source: string): void {
  if (bytes.length === 0) throw importError('emptyFile', 'empty_file', source);
  if (OLE2_MAGIC.every((b, i) => bytes[i] === b)) throw describeOle2Workbook(bytes, source);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw importError('notZip', 'not_xlsx', source);
  }
}

/**
 * An OLE2 compound file is either an encrypted OOXML workbook (streams EncryptedPackage and
 * EncryptionInfo) or a legacy binary workbook (stream Workbook / Book).
 */
export function describeOle2Workbook(bytes: Uint8Array, source: string): ImportError {
  let streams: string[];
  try {
    streams = listCompoundFileStreams(bytes);
  } catch {
    return importError('damagedOle2', 'corrupt_ole2', source);
  }
  if (streams.includes('EncryptedPackage')) {
    return importError('passwordProtected', 'password_protected', source);
  }
  if (streams.includes('Workbook') || streams.includes('Book')) {
    return importError('legacyXls', 'legacy_xls', source);
  }
  return importError('otherOle2', 'not_xlsx', source);
}

/** Names of the directory entries of a Compound File Binary container (MS-CFB). */
function listCompoundFileStreams(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 512) throw new Error('short header');
  const sectorSize = 1 << view.getUint16(0x1e, true);
  if (sectorSize !== 512 && sectorSize !== 4096) throw new Error('bad sector size');
  const sectorCount = Math.ceil(bytes.length / sectorSize);
  const sectorOffset = (n: number): number => (n + 1) * sectorSize;
  const readSectorIds = (n: number, into: number[]): void => {
    const start = sectorOffset(n);
    if (start + sectorSize > bytes.length) throw new Error('sector out of bounds');
    for (let p = start; p < start + sectorSize; p += 4) into.push(view.getUint32(p, true));
  };
  // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + i * 4, true));
  let difat = view.getUint32(0x44, true);
  for (let guard = 0; difat < 0xfffffffa && guard < sectorCount; guard++) {
    const ids: number[] = [];
    readSectorIds(difat, ids);
    difat = ids.pop()!;
    fatSectors.push(...ids);
  }
  const fat: number[] = [];
  for (const s of fatSectors) if (s < 0xfffffffa) readSectorIds(s, fat);

  const names: string[] = [];
  let sector = view.getUint32(0x30, true);
  for (let guard = 0; sector < 0xfffffffa; guard++) {
    if (guard > sectorCount) throw new Error('directory chain loops');
    const start = sectorOffset(sector);
    if (start + sectorSize > bytes.length) throw new Error('directory out of bounds');
    for (let p = start; p < start + sectorSize; p += 128) {
      const nameBytes = Math.min(64, view.getUint16(p + 0x40, true));
      if (nameBytes < 2 || bytes[p + 0x42] === 0) continue;
      // The length counts the UTF-16 terminator.
      let name = '';
      for (let q = 0; q < nameBytes - 2; q += 2) {
        const code = view.getUint16(p + q, true);
        if (code === 0) break;
        name += String.fromCharCode(code);
      }
      names.push(name);
    }
    sector = fat[sector] ?? 0xfffffffe;
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Real inflated sizes

/**
 * The central directory's sizes can lie; inflating an entry may then produce far more than
 * declared. The parts ExcelJS keeps in memory (shared strings, styles, workbook) are inflated once
 * here, counting bytes (nothing kept), and refused as soon as they exceed their declared size.
 * Worksheets are counted while they are scanned (scanSheet).
 */
async function verifyInflatedSizes(bytes: Uint8Array, entries: ZipEntry[], source: string, signal?: AbortSignal): Promise<void> {
  for (const entry of entries) {
    signal?.throwIfAborted();
    const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let produced = 0;
    if (entry.method === 0) {
      produced = data.length;
    } else if (entry.method === 8) {
      const inflater = new DecompressionStream('deflate-raw');
      const writer = inflater.writable.getWriter();
      // A corrupt stream rejects both sides; the reader's error is the one reported.
      writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
      writer.close().catch(() => undefined);
      const reader = inflater.readable.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          produced += value.byteLength;
          if (produced > entry.uncompressedSize) {
            await reader.cancel().catch(() => undefined);
            throw importError('partInflatesBeyond', 'zip_bomb', source, { part: entry.name, n: entry.uncompressedSize });
          }
        }
      } catch (e) {
        if (e instanceof ImportError) throw e;
        throw importError('partUnreadable', 'corrupt_xlsx', source, { part: entry.name });
      }
    } else {
      throw importError('partMethod', 'corrupt_xlsx', source, { part: entry.name, method: entry.method });
    }
    if (produced !== entry.uncompressedSize) {
      throw importError('partTruncated', 'corrupt_xlsx', source, { part: entry.name });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook scan (ExcelJS)

/** Cell kinds in the column cache. */
const enum Kind { Empty = 0, Number = 1, Text = 2, Boolean = 3, Date = 4, Error = 5, UncachedFormula = 6 }

/** One sheet column's cells, indexed by the ordinal of the non-empty row. */
class ColumnCache {
  kinds: Uint8Array;
  nums: Float64Array;
  strs: string[] = [];
  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.nums = new Float64Array(capacity);
  }
  set(k: number, kind: Kind, num: number): void {
    if (k >= this.kinds.length) this.grow(k + 1);
    this.kinds[k] = kind;
    this.nums[k] = num;
  }
  setText(k: number, kind: Kind, text: string): void {
    this.set(k, kind, this.strs.length);
    this.strs.push(text);
  }
  private grow(min: number): void {
    const capacity = Math.max(min, this.kinds.length * 2, 256);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    const nums = new Float64Array(capacity);
    nums.set(this.nums);
    this.kinds = kinds;
    this.nums = nums;
  }
  kind(k: number): Kind {
    return k < this.kinds.length ? this.kinds[k] : Kind.Empty;
  }
  value(k: number): CellValue {
    switch (this.kind(k)) {
      case Kind.Number: return this.nums[k];
      case Kind.Text: case Kind.Error: return this.strs[this.nums[k]];
      case Kind.Boolean: return this.nums[k] !== 0;
      case Kind.Date: return new Date(this.nums[k]);
      default: return null;
    }
  }
}

interface MergeRange { r1: number; c1: number; r2: number; c2: number }

interface ScannedSheet {
  source: string;
  /** The worksheet's part in the archive, e.g. xl/worksheets/sheet1.xml. */
  part: string;
  name: string;
  hidden: boolean;
  /** Sheet row number of each non-empty row. */
  rowNumbers: Int32Array;
  rowCount: number;
  /** Per sheet column (0-based: A = 0), undefined where a column has no value at all. */
  columns: Array<ColumnCache | undefined>;
  merges: MergeRange[];
  /** Reader-level problems found while scanning (missing sheet part…). */
  issues: Issue[];
}

interface WorkbookContext {
  sharedStrings: string[];
  /** Per cell style index: how a number in that style is to be read. */
  numberStyle: (styleIndex: number) => NumberStyle;
  date1904: boolean;
}

interface ExcelJsSheetModel { name: string; id: number; rId: string; state?: string }
interface ExcelJsWorksheetReader { name: string; state?: string; id: number | string; iterator: AsyncIterable<Uint8Array | string> }
interface ExcelJsWorkbookReader extends AsyncIterable<ExcelJsWorksheetReader> {
  sharedStrings: unknown[];
  model?: { sheets?: ExcelJsSheetModel[] };
  workbookRels?: Array<{ Id: string; Target: string }>;
  properties?: { model?: { date1904?: boolean } };
  styles: { model?: { styles?: Array<{ numFmtId?: number }> }; index?: { numFmt?: Record<number, string> } };
}

async function scanWorkbook(
  bytes: Uint8Array, directory: ZipDirectory, parts: WorkbookParts, source: string, options: ImportOptions, signal?: AbortSignal,
): Promise<ScannedSheet[]> {
  // ExcelJS streams the archive's records in the order given. Presented as workbook metadata
  // first and worksheets after, every worksheet is parsed as it is inflated; in Excel's own order
  // (shared strings last) ExcelJS would first spool each worksheet to a temporary file. Parts
  // nobody reads (themes, images, printer settings) are left out.
  // Views of the file's bytes (no copies), in pieces: the unzipper concatenates what it is given
  // with what it holds, so one large piece would be copied whole.
  const ranges: Array<[number, number]> = [...parts.metadata, ...parts.worksheets].map((e) => [e.localHeaderOffset, e.recordEnd]);
  ranges.push([directory.centralDirectoryOffset, bytes.length]);
  function* pieces(): Generator<Buffer> {
    for (const [from, to] of ranges) {
      for (let p = from; p < to; p += INPUT_PIECE_BYTES) {
        yield Buffer.from(bytes.buffer, bytes.byteOffset + p, Math.min(INPUT_PIECE_BYTES, to - p));
      }
    }
  }
  const input = Readable.from(pieces(), { objectMode: false, highWaterMark: INPUT_PIECE_BYTES });
  // Inflate errors are emitted on the unzip stream ExcelJS pipes our input into, not on the entry
  // being read, so a damaged sheet would leave the entry's reader waiting forever; every wait
  // below races this failure.
  const unzipFailure = new Promise<never>((_, reject) => {
    const pipe = input.pipe.bind(input);
    input.pipe = <T extends NodeJS.WritableStream>(destination: T, opts?: { end?: boolean }): T => {
      destination.on('error', reject);
      return pipe(destination, opts);
    };
  });
  unzipFailure.catch(() => undefined);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as ExcelJsWorkbookReader;
  // A workbook with inline strings only has no shared strings part; an empty table lets ExcelJS
  // stream its worksheets directly instead of spooling them.
  reader.sharedStrings = [];
  const wanted = options.sheets ? new Set(options.sheets) : null;
  const scanned: ScannedSheet[] = [];
  let context: WorkbookContext | null = null;
  let current: string | null = null;
  let index = 0;
  try {
    const worksheets = reader[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([worksheets.next(), unzipFailure]);
      if (next.done) break;
      const worksheet = next.value;
      signal?.throwIfAborted();
      const part = parts.worksheets[index++];
      const identity = sheetIdentity(reader, part.name, worksheet);
      current = identity.name;
      if (wanted && !wanted.has(identity.name)) continue;
      context ??= workbookContext(reader);
      scanned.push(await scanSheet(worksheet, part, identity, context, source, unzipFailure, signal));
    }
    current = null;
  } catch (e) {
    if (e instanceof ImportError || signal?.aborted) throw e;
    throw importError('workbookDamaged', 'corrupt_xlsx', source, { detail: (e as Error).message }, current);
  }
  return orderLikeWorkbook(reader, scanned, source, wanted, new Set(directory.entries.map((e) => e.name)));
}

/**
 * Name and visibility of the sheet stored in a part, from the workbook's sheet list and its
 * relationships. Resolved here rather than taken from ExcelJS, which only matches relationship
 * targets written relative to xl/ ("worksheets/sheet1.xml", not "/xl/worksheets/sheet1.xml").
 */
function sheetIdentity(reader: ExcelJsWorkbookReader, partName: string, worksheet: ExcelJsWorksheetReader): { name: string; hidden: boolean } {
  const rel = (reader.workbookRels ?? []).find((r) => partOfTarget(r.Target) === partName);
  const model = rel && (reader.model?.sheets ?? []).find((m) => m.rId === rel.Id);
  const state = model ? model.state : worksheet.state;
  return { name: model?.name ?? worksheet.name, hidden: state === 'hidden' || state === 'veryHidden' };
}

/** The archive part a workbook relationship target points to. */
function partOfTarget(target: string): string {
  const path = target.replace(/\\/g, '/');
  const segments: string[] = [];
  for (const segment of (path.startsWith('/') ? path.slice(1) : `xl/${path}`).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** Sheets in workbook tab order; sheets whose XML part was not found become empty tables with an error. */
function orderLikeWorkbook(
  reader: ExcelJsWorkbookReader, scanned: ScannedSheet[], source: string, wanted: Set<string> | null, partNames: Set<string>,
): ScannedSheet[] {
  const models = reader.model?.sheets ?? [];
  const rels = reader.workbookRels ?? [];
  const byPart = new Map(scanned.map((s) => [s.part, s]));
  const ordered: ScannedSheet[] = [];
  for (const model of models) {
    const target = rels.find((r) => r.Id === model.rId)?.Target ?? '';
    const part = target ? partOfTarget(target) : '';
    if (/chartsheets\//.test(part)) continue;
    if (wanted && !wanted.has(model.name)) continue;
    const found = byPart.get(part);
    if (found) {
      ordered.push(found);
      byPart.delete(part);
      continue;
    }
    const why = !part
      ? 'the workbook does not say where its data is'
      : partNames.has(part)
        ? `its data is stored as ${part}, a part name the streaming reader does not read (worksheets must be named xl/worksheets/sheetN.xml); save the workbook again in Excel`
        : `its data (${part}) is missing from the workbook`;
    ordered.push({
      source, part, name: model.name, hidden: model.state === 'hidden' || model.state === 'veryHidden',
      rowNumbers: new Int32Array(0), rowCount: 0, columns: [], merges: [],
      issues: [{
        severity: 'error', code: 'sheet_part_missing', column: null, rows: [], params: { file: source, sheet: model.name },
        message: `${source}, sheet "${model.name}": ${why}; the sheet is read as empty`,
      }],
    });
  }
  ordered.push(...byPart.values());
  if (wanted) {
    const present = new Set(models.map((m) => m.name));
    const unknown = [...wanted].filter((name) => !present.has(name) && !ordered.some((s) => s.name === name));
    if (unknown.length > 0) {
      const names = (list: string[]) => list.map((n) => `"${n}"`).join(', ');
      throw new ImportError({
        key: models.length ? 'importError.sheetNotFound' : 'importError.sheetNotFoundNoSheets',
        values: { place: placeMessage(source), wanted: names(unknown), sheets: names(models.map((m) => m.name)) },
      }, 'sheet_not_found', unknown[0]);
    }
  }
  if (ordered.length === 0 && !wanted) {
    throw importError('noSheets', 'no_sheets', source);
  }
  return ordered;
}

function workbookContext(reader: ExcelJsWorkbookReader): WorkbookContext {
  const sharedStrings = reader.sharedStrings.map(plainText);
  const styleModels = reader.styles.model?.styles ?? [];
  const customFormats = reader.styles.index?.numFmt ?? {};
  const cache = new Map<number, NumberStyle>();
  return {
    sharedStrings,
    date1904: reader.properties?.model?.date1904 === true,
    numberStyle(styleIndex) {
      let style = cache.get(styleIndex);
      if (style === undefined) {
        const numFmtId = styleModels[styleIndex]?.numFmtId ?? 0;
        style = classifyNumberFormat(numFmtId, customFormats[numFmtId]);
        cache.set(styleIndex, style);
      }
      return style;
    },
  };
}

/** Shared strings arrive as text or as ExcelJS rich text ({richText: [{text}]}). */
function plainText(value: unknown): string {
  if (typeof value === 'string') return decodeOoxmlEscapes(value);
  if (value && typeof value === 'object' && Array.isArray((value as { richText?: unknown }).richText)) {
    return decodeOoxmlEscapes((value as { richText: Array<{ text?: string | null }> }).richText.map((r) => r.text ?? '').join(''));
  }
  return value == null ? '' : String(value);
}

// ---------------------------------------------------------------------------------------------
// Number formats

export type NumberStyle = 'number' | 'date' | 'time' | 'elapsed';

/** Built-in number formats that show dates (14–17, 22, East Asian 27–31, 34–36, 50–58) or times. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_TIME_FORMATS = new Set([18, 19, 20, 21, 32, 33, 45, 47, 55, 56]);
const BUILTIN_ELAPSED_FORMATS = new Set([46]);

export function classifyNumberFormat(numFmtId: number, code: string | undefined): NumberStyle {
  if (code === undefined || numFmtId < 164) {
    if (BUILTIN_DATE_FORMATS.has(numFmtId)) return 'date';
    if (BUILTIN_TIME_FORMATS.has(numFmtId)) return 'time';
    if (BUILTIN_ELAPSED_FORMATS.has(numFmtId)) return 'elapsed';
    if (code === undefined) return 'number';
  }
  // Only the first section (positive numbers) decides; quoted text, escaped characters, [colours]
  // and [$-locale] tags, padding, "General", AM/PM and scientific exponents are not date tokens.
  const section = code.split(';')[0];
  if (/\[(h+|m+|s+)\]/i.test(section)) return 'elapsed';
  const tokens = section
    .replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/[_*]./g, '')
    .replace(/general/gi, '').replace(/am\/pm|a\/p/gi, '').replace(/e[+-]/gi, '');
  if (/[ydeb]/i.test(tokens)) return 'date';
  if (/[hs]/i.test(tokens)) return 'time';
  if (/m/i.test(tokens)) return 'date';
  return 'number';
}

const DAY_MS = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system for serials after the fictitious 1900-02-29. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Excel serial day number → UTC milliseconds (the wall-clock time, no time-zone shift). */
export function excelSerialToUtcMs(serial: number, date1904: boolean): number {
  if (date1904) return Math.round(EPOCH_1904 + serial * DAY_MS);
  // Lotus 1-2-3 compatibility: serial 60 is the non-existent 1900-02-29; earlier serials are one day off.
  const adjusted = serial < 61 ? serial + 1 : serial;
  return Math.round(EPOCH_1900 + adjusted * DAY_MS);
}

/** A time of day (or an elapsed duration) as text H:MM:SS, the way a duration column expects it. */
function formatDuration(serialDays: number): string {
  const totalSeconds = Math.round(Math.abs(serialDays) * 86_400);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${serialDays < 0 ? '-' : ''}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Sheet XML scanner

/**
 * Reads the cells of one worksheet from its XML, streamed in chunks. A flat scanner over complete
 * <row> elements: no recursion (deep nesting cannot exhaust the stack), no per-cell objects.
 */
async function scanSheet(
  worksheet: ExcelJsWorksheetReader, part: ZipEntry, identity: { name: string; hidden: boolean }, context: WorkbookContext,
  source: string, unzipFailure: Promise<never>, signal?: AbortSignal,
): Promise<ScannedSheet> {
  const sheet: ScannedSheet = {
    source,
    part: part.name,
    name: identity.name,
    hidden: identity.hidden,
    rowNumbers: new Int32Array(1024),
    rowCount: 0,
    columns: [],
    merges: [],
    issues: [],
  };
  const decoder = new TextDecoder('utf-8');
  const scanner = new SheetXmlScanner(sheet, context);
  const declared = part.uncompressedSize;
  let inflated = 0;
  const chunks = worksheet.iterator[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([chunks.next(), unzipFailure]);
    if (next.done) break;
    const chunk = next.value;
    signal?.throwIfAborted();
    inflated += chunk.length;
    if (inflated > declared) {
      throw importError('sheetInflatesBeyond', 'zip_bomb', source, { n: declared }, identity.name);
    }
    scanner.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  scanner.push(decoder.decode());
  scanner.end();
  return sheet;
}

const enum ScanState { BeforeData, InData, AfterData }

class SheetXmlScanner {
  private pending = '';
  private pieces: string[] = [];
  private tail = '';
  private state = ScanState.BeforeData;
  private prefix = '';
  private rowOpen = '<row';
  private rowClose = '</row>';
  private cellOpen = '<c';
  private cellClose = '</c>';
  private valueOpen = '<v';
  private valueClose = '</v>';
  private inlineOpen = '<is';
  private textOpen = '<t';
  private textClose = '</t>';
  private phoneticOpen = '<rPh';
  private phoneticClose = '</rPh>';
  private dataClose = '</sheetData>';
  private lastRow = 0;

  constructor(private readonly sheet: ScannedSheet, private readonly context: WorkbookContext) {}

  push(text: string): void {
    if (text.length === 0) return;
    this.pieces.push(text);
    if (this.state === ScanState.InData) {
      // Joining is deferred until a row (or the sheet data) ends: a huge row arriving in many
      // chunks is then joined once, not once per chunk.
      const probe = this.tail + text;
      this.tail = probe.slice(-32);
      if (probe.indexOf(this.rowClose) < 0 && probe.indexOf(this.dataClose) < 0) return;
    }
    this.pending += this.pieces.join('');
    this.pieces = [];
    this.process(false);
  }

  end(): void {
    this.pending += this.pieces.join('');
    this.pieces = [];
    this.process(true);
    this.pending = '';
  }

  private process(final: boolean): void {
    if (this.state === ScanState.BeforeData) {
      const at = this.pending.indexOf('sheetData');
      if (at < 0) {
        // Keep a tail in case the tag name is split across chunks.
        if (this.pending.length > 64) this.pending = this.pending.slice(-64);
        return;
      }
      const lt = this.pending.lastIndexOf('<', at);
      const gt = this.pending.indexOf('>', at);
      if (gt < 0) return;
      this.setPrefix(this.pending.slice(lt + 1, at));
      const selfClosing = this.pending.charCodeAt(gt - 1) === 47; /* / */
      this.pending = this.pending.slice(gt + 1);
      this.state = selfClosing ? ScanState.AfterData : ScanState.InData;
    }
    if (this.state === ScanState.InData) {
      const dataEnd = this.pending.indexOf(this.dataClose);
      let limit: number;
      if (dataEnd >= 0) {
        limit = dataEnd;
      } else {
        const lastClose = this.pending.lastIndexOf(this.rowClose);
        if (lastClose < 0 && !final) return;
        limit = lastClose < 0 ? this.pending.length : lastClose + this.rowClose.length;
      }
      this.scanRows(this.pending, limit);
      if (dataEnd >= 0) {
        this.pending = this.pending.slice(dataEnd + this.dataClose.length);
        this.state = ScanState.AfterData;
      } else {
        this.pending = this.pending.slice(limit);
      }
    }
    if (this.state === ScanState.AfterData) {
      this.scanMerges(final);
    }
  }

  private setPrefix(prefix: string): void {
    const p = /^[A-Za-z_][\w.-]*:$/.test(prefix) ? prefix : '';
    this.prefix = p;
    this.rowOpen = `<${p}row`;
    this.rowClose = `</${p}row>`;
    this.cellOpen = `<${p}c`;
    this.cellClose = `</${p}c>`;
    this.valueOpen = `<${p}v`;
    this.valueClose = `</${p}v>`;
    this.inlineOpen = `<${p}is`;
    this.textOpen = `<${p}t`;
    this.textClose = `</${p}t>`;
    this.phoneticOpen = `<${p}rPh`;
    this.phoneticClose = `</${p}rPh>`;
    this.dataClose = `</${p}sheetData>`;
  }

  private beyondSheet(what: TextMessage): ImportError {
    return importError('beyondLastCell', 'corrupt_xlsx', this.sheet.source, { what }, this.sheet.name);
  }

  /** <mergeCells> follow <sheetData>; only complete <mergeCell …/> tags are read. */
  private scanMerges(final: boolean): void {
    const tag = `<${this.prefix}mergeCell `;
    let pos = 0;
    for (;;) {
      const at = this.pending.indexOf(tag, pos);
      if (at < 0) break;
      const end = this.pending.indexOf('>', at);
      if (end < 0) break;
      const ref = /\bref\s*=\s*["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']/i.exec(this.pending.slice(at, end));
      if (ref) {
        const c1 = columnIndex(ref[1].toUpperCase(), 0, ref[1].length);
        const c2 = columnIndex(ref[3].toUpperCase(), 0, ref[3].length);
        const r1 = Number(ref[2]);
        const r2 = Number(ref[4]);
        if (Math.max(c1, c2) >= EXCEL_MAX_COLUMNS || Math.max(r1, r2) > EXCEL_MAX_ROWS) {
          throw this.beyondSheet({ key: 'importError.cellRef.range', values: { ref: `${ref[1]}${ref[2]}:${ref[3]}${ref[4]}`.slice(0, 40) } });
        }
        this.sheet.merges.push({ c1: Math.min(c1, c2), r1: Math.min(r1, r2), c2: Math.max(c1, c2), r2: Math.max(r1, r2) });
      }
      pos = end + 1;
    }
    // Only a tag cut at the chunk boundary is kept for the next chunk.
    this.pending = final ? '' : this.pending.slice(pos).slice(-256);
  }

  /** Scans complete rows in text[0, limit). */
  private scanRows(text: string, limit: number): void {
    const { rowOpen, rowClose, cellOpen, cellClose } = this;
    const rowOpenLength = rowOpen.length;
    let pos = 0;
    for (;;) {
      const rowStart = text.indexOf(rowOpen, pos);
      if (rowStart < 0 || rowStart >= limit) break;
      const after = text.charCodeAt(rowStart + rowOpenLength);
      if (!endsTagName(after)) {
        pos = rowStart + rowOpenLength;
        continue;
      }
      const tagEnd = text.indexOf('>', rowStart);
      if (tagEnd < 0 || tagEnd >= limit) break;
      const rowNumber = rowNumberAttribute(text, rowStart + rowOpenLength, tagEnd) ?? this.lastRow + 1;
      if (rowNumber > EXCEL_MAX_ROWS) throw this.beyondSheet({ key: 'importError.cellRef.row', values: { n: rowNumber } });
      this.lastRow = rowNumber;
      if (text.charCodeAt(tagEnd - 1) === 47) { /* <row …/>: an empty row */
        pos = tagEnd + 1;
        continue;
      }
      const rowEnd = text.indexOf(rowClose, tagEnd);
      const end = rowEnd < 0 || rowEnd > limit ? limit : rowEnd;
      this.scanCells(text, tagEnd + 1, end, rowNumber, cellOpen, cellClose);
      pos = end + rowClose.length;
    }
  }

  private scanCells(text: string, from: number, to: number, rowNumber: number, cellOpen: string, cellClose: string): void {
    const sheet = this.sheet;
    const k = sheet.rowCount;
    const open = cellOpen.length;
    let any = false;
    let column = -1;
    let pos = from;
    while (pos < to) {
      const start = text.indexOf(cellOpen, pos);
      if (start < 0 || start >= to) break;
      const after = text.charCodeAt(start + open);
      if (!endsTagName(after)) {
        pos = start + open;
        continue;
      }
      const tagEnd = text.indexOf('>', start);
      if (tagEnd < 0 || tagEnd >= to) break;
      // Attributes r (reference), s (style), t (type).
      let ref: string | null = null;
      let style = 0;
      let type = '';
      let i = start + open;
      while (i < tagEnd) {
        const eq = text.indexOf('=', i);
        if (eq < 0 || eq >= tagEnd) break;
        let nameStart = i;
        while (text.charCodeAt(nameStart) <= 32) nameStart++;
        let nameEnd = eq;
        while (text.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
        let q = eq + 1;
        while (text.charCodeAt(q) <= 32) q++;
        const quote = text[q];
        const close = text.indexOf(quote, q + 1);
        if (close < 0) break;
        if (nameEnd - nameStart === 1) {
          const name = text.charCodeAt(nameStart);
          if (name === 114 /* r */) ref = text.slice(q + 1, close);
          else if (name === 115 /* s */) style = Number(text.slice(q + 1, close)) || 0;
          else if (name === 116 /* t */) type = text.slice(q + 1, close);
        }
        i = close + 1;
      }
      column = ref !== null ? columnIndex(ref, 0, ref.length) : column + 1;
      if (column >= EXCEL_MAX_COLUMNS) {
        throw this.beyondSheet(ref ? { key: 'importError.cellRef.cell', values: { ref: ref.slice(0, 30) } }
          : { key: 'importError.cellRef.rowColumn', values: { row: rowNumber, column: column + 1 } });
      }
      if (text.charCodeAt(tagEnd - 1) === 47) { /* <c …/>: no value */
        pos = tagEnd + 1;
        continue;
      }
      let cellEnd = text.indexOf(cellClose, tagEnd);
      if (cellEnd < 0 || cellEnd > to) cellEnd = to;
      if (this.storeCell(text, tagEnd + 1, cellEnd, k, column, style, type)) any = true;
      pos = cellEnd + cellClose.length;
    }
    if (any) {
      if (k >= sheet.rowNumbers.length) {
        const grown = new Int32Array(sheet.rowNumbers.length * 2);
        grown.set(sheet.rowNumbers);
        sheet.rowNumbers = grown;
      }
      sheet.rowNumbers[k] = rowNumber;
      sheet.rowCount = k + 1;
    }
  }

  /** Stores one cell's value; false when the cell holds nothing. */
  private storeCell(text: string, from: number, to: number, k: number, column: number, style: number, type: string): boolean {
    // Searches stay inside the cell: a cell without <v> must not scan the rest of the chunk.
    const content = text.slice(from, to);
    let raw: string | null = null;
    if (type === 'inlineStr') {
      raw = this.inlineText(content);
    } else {
      const v = content.indexOf(this.valueOpen);
      if (v >= 0) {
        const vEnd = content.indexOf('>', v);
        if (vEnd > 0 && content.charCodeAt(vEnd - 1) !== 47) {
          const close = content.indexOf(this.valueClose, vEnd);
          raw = content.slice(vEnd + 1, close < 0 ? content.length : close);
        }
      }
    }
    const columns = this.sheet.columns;
    if (raw === null) {
      // A formula without a cached result (the workbook was saved without recalculation).
      if (content.indexOf(`<${this.prefix}f`) >= 0) {
        (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).set(k, Kind.UncachedFormula, 0);
        return true;
      }
      return false;
    }
    switch (type) {
      case 's': {
        const str = this.context.sharedStrings[Number(raw)];
        if (str === undefined || str === '') return false;
        (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).setText(k, Kind.Text, str);
        return true;
      }
      case 'str':
      case 'inlineStr': {
        const str = decodeXml(raw);
        if (str === '') return false;
        (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).setText(k, Kind.Text, detach(str));
        return true;
      }
      case 'b':
        (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).set(k, Kind.Boolean, Number(raw) !== 0 ? 1 : 0);
        return true;
      case 'e':
        (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).setText(k, Kind.Error, detach(decodeXml(raw).trim()));
        return true;
      case 'd': {
        const iso = raw.trim();
        const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) || iso.length <= 10 ? iso : `${iso}Z`);
        if (Number.isNaN(ms)) {
          (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).setText(k, Kind.Text, detach(iso));
        } else {
          (columns[column] ??= new ColumnCache(Math.max(256, k + 1))).set(k, Kind.Date, ms);
        }
        return true;
      }
      default: {
        const trimmed = raw.trim();
        if (trimmed === '') return false;
        const n = Number(trimmed);
        const cache = (columns[column] ??= new ColumnCache(Math.max(256, k + 1)));
        if (Number.isNaN(n)) {
          cache.setText(k, Kind.Text, detach(decodeXml(trimmed)));
          return true;
        }
        const numberStyle = style === 0 ? 'number' : this.context.numberStyle(style);
        if (numberStyle === 'number') cache.set(k, Kind.Number, n);
        else if (numberStyle === 'date' || (numberStyle === 'time' && n >= 1)) cache.set(k, Kind.Date, excelSerialToUtcMs(n, this.context.date1904));
        else cache.setText(k, Kind.Text, formatDuration(n));
        return true;
      }
    }
  }

  /** Text of an inline string (cell content): every <t> run, except phonetic (<rPh>) runs. */
  private inlineText(content: string): string | null {
    const isAt = content.indexOf(this.inlineOpen);
    if (isAt < 0) return null;
    const withoutPhonetic = content.indexOf(this.phoneticOpen, isAt) < 0
      ? content
      : content.replace(new RegExp(`${this.phoneticOpen}[\\s>][\\s\\S]*?${this.phoneticClose.replace('/', '\\/')}`, 'g'), '');
    let out = '';
    let pos = isAt;
    const open = this.textOpen.length;
    for (;;) {
      const t = withoutPhonetic.indexOf(this.textOpen, pos);
      if (t < 0) break;
      const after = withoutPhonetic.charCodeAt(t + open);
      const gt = withoutPhonetic.indexOf('>', t);
      if (gt < 0) break;
      if (!(after === 62 || after === 32 || after === 47) || withoutPhonetic.charCodeAt(gt - 1) === 47) {
        pos = gt + 1;
        continue;
      }
      const close = withoutPhonetic.indexOf(this.textClose, gt);
      const end = close < 0 ? withoutPhonetic.length : close;
      out += withoutPhonetic.slice(gt + 1, end);
      pos = end + this.textClose.length;
    }
    return out;
  }
}

/** The r attribute (row number) of a <row> start tag in text[from, to), or null. */
function rowNumberAttribute(text: string, from: number, to: number): number | null {
  let i = from;
  while (i < to) {
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= to) return null;
    let nameStart = i;
    while (text.charCodeAt(nameStart) <= 32) nameStart++;
    let nameEnd = eq;
    while (text.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
    let q = eq + 1;
    while (text.charCodeAt(q) <= 32) q++;
    const close = text.indexOf(text[q], q + 1);
    if (close < 0) return null;
    if (nameEnd - nameStart === 1 && text.charCodeAt(nameStart) === 114 /* r */) {
      const n = Number(text.slice(q + 1, close));
      return Number.isInteger(n) && n > 0 ? n : null;
    }
    i = close + 1;
  }
  return null;
}

/** 0-based column index of the letters at the start of a cell reference ("AB12" → 27). */
function columnIndex(ref: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > EXCEL_MAX_COLUMNS) return EXCEL_MAX_COLUMNS; // beyond the sheet; the caller refuses it
  }
  return n - 1;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  let out = s;
  if (out.indexOf('&') >= 0) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
      if (e[0] !== '#') return XML_ENTITIES[e];
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  }
  return decodeOoxmlEscapes(out);
}

/**
 * A copy of a value sliced out of the sheet XML. V8 keeps slices as views of their parent string,
 * so a cached slice would keep a whole chunk of XML alive; concatenating and slicing again yields a
 * string backed only by its own characters.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** OOXML writes characters XML cannot hold (control characters) as _xHHHH_. */
function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------------------------------------------------------------------------------------------
// Header detection and the SourceTable

interface RowProfile { index: number; width: number; strings: number }

/** Column spans [c1, c2] merged on one row, sorted by c1 and disjoint. */
type MergedSpans = Array<[number, number]>;

function profileRow(sheet: ScannedSheet, k: number, merged: MergedSpans | undefined): RowProfile {
  let width = 0;
  let strings = 0;
  let span = 0;
  for (let c = 0; c < sheet.columns.length; c++) {
    const kind = sheet.columns[c]?.kind(k) ?? Kind.Empty;
    if (kind !== Kind.Empty) {
      width++;
      if (kind === Kind.Text) strings++;
      continue;
    }
    while (merged && span < merged.length && merged[span][1] < c) span++;
    if (merged && span < merged.length && merged[span][0] <= c) {
      width++;
      strings++;
    }
  }
  return { index: k, width, strings };
}

/**
 * The merged column spans of each of the first `n` rows, clipped to the sheet's columns. Built from
 * the ranges' bounds, never cell by cell: a merge may legally cover the whole sheet (A1:XFD1048576).
 */
function mergedSpansByRow(sheet: ScannedSheet, n: number): Map<number, MergedSpans> {
  const out = new Map<number, MergedSpans>();
  if (sheet.merges.length === 0) return out;
  const lastColumn = sheet.columns.length - 1;
  for (let k = 0; k < n; k++) {
    const row = sheet.rowNumbers[k];
    const spans: MergedSpans = [];
    for (const m of sheet.merges) {
      if (m.r1 <= row && row <= m.r2 && m.c1 <= lastColumn) spans.push([m.c1, Math.min(m.c2, lastColumn)]);
    }
    if (spans.length === 0) continue;
    spans.sort((a, b) => a[0] - b[0]);
    const union: MergedSpans = [spans[0]];
    for (const [c1, c2] of spans.slice(1)) {
      const top = union[union.length - 1];
      if (c1 <= top[1] + 1) top[1] = Math.max(top[1], c2);
      else union.push([c1, c2]);
    }
    out.set(k, union);
  }
  return out;
}

/**
 * The header is the first row (of the first few) at least half as wide as the widest row, when it
 * is all text, or mostly text over a column whose values below are not text. Narrower rows above
 * it are title rows. Returns the header's row ordinal, or -1 when the sheet has no header row.
 */
function detectHeader(sheet: ScannedSheet, hasHeader: boolean | undefined): { header: number; firstData: number } {
  const n = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS);
  if (n === 0) return { header: -1, firstData: 0 };
  if (hasHeader === false) return { header: -1, firstData: 0 };
  const mergedByRow = mergedSpansByRow(sheet, n);
  const profiles: RowProfile[] = [];
  for (let k = 0; k < n; k++) profiles.push(profileRow(sheet, k, mergedByRow.get(k)));
  const widest = Math.max(...profiles.map((p) => p.width));
  const threshold = Math.max(1, Math.ceil(widest / 2));
  const candidate = profiles.find((p) => p.width >= threshold)!;
  if (hasHeader === true || looksLikeHeader(sheet, candidate, n)) {
    return { header: candidate.index, firstData: candidate.index + 1 };
  }
  // No header: narrow text-only rows above the first wide row are still titles, not data.
  const above = profiles.slice(0, candidate.index);
  if (above.length > 0 && above.length <= 5 && above.every((p) => p.width === p.strings)) {
    return { header: -1, firstData: candidate.index };
  }
  return { header: -1, firstData: 0 };
}

function looksLikeHeader(sheet: ScannedSheet, row: RowProfile, searched: number): boolean {
  if (row.strings === 0) return false;
  if (row.strings === row.width) {
    // All text: a header unless the rows below are all text too and there is only one row.
    return true;
  }
  if (row.strings * 2 < row.width) return false;
  // Mostly text: a header when some text cell sits over a column whose values below are not text.
  for (let c = 0; c < sheet.columns.length; c++) {
    const column = sheet.columns[c];
    if (!column || column.kind(row.index) !== Kind.Text) continue;
    let below = 0;
    let nonText = 0;
    for (let k = row.index + 1; k < Math.min(sheet.rowCount, row.index + 1 + Math.max(10, searched)); k++) {
      const kind = column.kind(k);
      if (kind === Kind.Empty) continue;
      below++;
      if (kind !== Kind.Text) nonText++;
    }
    if (below > 0 && nonText * 5 >= below * 4) return true;
  }
  return false;
}

function headerText(column: ColumnCache | undefined, k: number): string {
  if (!column) return '';
  const value = column.value(k);
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value).replace(/\s+/g, ' ').trim();
}

function buildSourceTable(sheet: ScannedSheet, options: ImportOptions, totalBytes: number): SourceTable {
  const where = `${sheet.source}, sheet "${sheet.name}"`;
  const issues: Issue[] = [...sheet.issues];
  const { header, firstData } = detectHeader(sheet, options.hasHeader);
  const headerRow = header >= 0 ? sheet.rowNumbers[header] : 0;

  // Columns: from the first to the last sheet column holding any value in the header or data.
  let first = -1;
  let last = -1;
  for (let c = 0; c < sheet.columns.length; c++) {
    const column = sheet.columns[c];
    if (!column) continue;
    let used = false;
    for (let k = Math.max(0, header >= 0 ? header : firstData); k < sheet.rowCount && !used; k++) {
      if (column.kind(k) !== Kind.Empty) used = true;
    }
    if (used) {
      if (first < 0) first = c;
      last = c;
    }
  }
  const sheetColumns: number[] = [];
  for (let c = first; first >= 0 && c <= last; c++) sheetColumns.push(c);

  // Names: header text; a merged header cell names every column it spans; empty → "Column N".
  const raw = sheetColumns.map((c) => (header >= 0 ? headerText(sheet.columns[c], header) : ''));
  if (header >= 0) {
    // In column order, each column visited once even when (hostile) ranges overlap; only the
    // table's own columns, as a range may reach far past them (a whole-row merge).
    const onHeader = sheet.merges.filter((m) => m.r1 <= headerRow && headerRow <= m.r2).sort((a, b) => a.c1 - b.c1);
    let covered = first - 1;
    for (const m of onHeader) {
      const from = Math.max(m.c1, covered + 1);
      const to = Math.min(m.c2, last);
      if (from > to) continue;
      covered = to;
      const topLeftOrdinal = findRowOrdinal(sheet, m.r1);
      const name = topLeftOrdinal >= 0 ? headerText(sheet.columns[m.c1], topLeftOrdinal) : '';
      if (!name) continue;
      for (let c = from; c <= to; c++) {
        const at = c - first;
        if (!raw[at]) raw[at] = name;
      }
    }
  }
  const names = uniqueNames(raw.map((name, i) => name || `Column ${sheetColumns[i] + 1}`));
  if (header >= 0) {
    const unnamed = sheetColumns.filter((_, i) => !raw[i]);
    if (unnamed.length > 0) {
      issues.push({
        severity: 'warning', code: 'unnamed_column', column: null, rows: [headerRow], count: unnamed.length, params: { file: sheet.source, sheet: sheet.name, count: unnamed.length },
        message: `${where}: ${unnamed.length} column${unnamed.length > 1 ? 's have' : ' has'} no header; named ${unnamed.map((c) => `"Column ${c + 1}"`).join(', ')}`,
      });
    }
  }

  const skippedAbove = header >= 0 ? header : firstData;
  if (skippedAbove > 0 || (header >= 0 && headerRow > 1)) {
    const titleRows = (header >= 0 ? headerRow : sheet.rowNumbers[firstData]) - 1;
    const titles: number[] = [];
    for (let k = 0; k < skippedAbove; k++) titles.push(sheet.rowNumbers[k]);
    const titleText = titles.length > 0 ? headerText(sheet.columns.find((c) => c && c.kind(0) !== Kind.Empty), 0) : '';
    issues.push({
      severity: 'info', code: 'title_rows_skipped', column: null, rows: titles.slice(0, EXAMPLE_ROWS), count: titleRows, params: { file: sheet.source, sheet: sheet.name, count: titleRows },
      message: `${where}: ${titleRows} title row${titleRows === 1 ? '' : 's'} skipped above the ${header >= 0 ? `header (row ${headerRow})` : 'data'}${titleText ? ` ("${titleText}")` : ''}`,
    });
  }

  const dataRows = sheet.rowCount - firstData;
  // A header without data rows is reported by the pipeline; a sheet without any cell only here.
  if (sheet.rowCount === 0) {
    issues.push({ severity: 'warning', code: 'empty_sheet', column: null, rows: [], params: { file: sheet.source, sheet: sheet.name }, message: `${where}: the sheet is empty` });
  }

  // Cells the pipeline sees as text or empty but that were something else in Excel.
  sheetColumns.forEach((c, i) => {
    const column = sheet.columns[c];
    if (!column) return;
    const errors: number[] = [];
    const errorValues = new Set<string>();
    let errorCount = 0;
    const uncached: number[] = [];
    let uncachedCount = 0;
    for (let k = firstData; k < sheet.rowCount; k++) {
      const kind = column.kind(k);
      if (kind === Kind.Error) {
        errorCount++;
        if (errors.length < EXAMPLE_ROWS) errors.push(sheet.rowNumbers[k]);
        if (errorValues.size < 5) errorValues.add(column.strs[column.nums[k]]);
      } else if (kind === Kind.UncachedFormula) {
        uncachedCount++;
        if (uncached.length < EXAMPLE_ROWS) uncached.push(sheet.rowNumbers[k]);
      }
    }
    if (errorCount > 0) {
      issues.push({
        severity: 'warning', code: 'formula_error', column: names[i], rows: errors, count: errorCount, params: { file: sheet.source, sheet: sheet.name, column: names[i]!, count: errorCount },
        message: `${where}, column "${names[i]}": ${errorCount} cell${errorCount > 1 ? 's hold' : ' holds'} an Excel error value (${[...errorValues].join(', ')}), kept as text`,
      });
    }
    if (uncachedCount > 0) {
      issues.push({
        severity: 'warning', code: 'formula_without_value', column: names[i], rows: uncached, count: uncachedCount, params: { file: sheet.source, sheet: sheet.name, column: names[i]!, count: uncachedCount },
        message: `${where}, column "${names[i]}": ${uncachedCount} formula cell${uncachedCount > 1 ? 's have' : ' has'} no saved result (open and save the workbook in Excel to calculate them); read as empty`,
      });
    }
  });

  const columns = sheetColumns.map((c) => sheet.columns[c]);
  const width = columns.length;
  return {
    sheet: sheet.name,
    hidden: sheet.hidden,
    encoding: 'xlsx',
    delimiter: null,
    headerRow,
    header: names,
    issues,
    totalBytes,
    rowCount: dataRows,
    async *rows(signal?: AbortSignal): AsyncIterable<SourceRowBatch> {
      for (let start = firstData; start < sheet.rowCount; start += BATCH_ROWS) {
        signal?.throwIfAborted();
        const end = Math.min(sheet.rowCount, start + BATCH_ROWS);
        const rowNumbers = new Array<number>(end - start);
        const rows = new Array<CellValue[]>(end - start);
        for (let k = start; k < end; k++) {
          const row = new Array<CellValue>(width);
          for (let i = 0; i < width; i++) row[i] = columns[i]?.value(k) ?? null;
          rows[k - start] = row;
          rowNumbers[k - start] = sheet.rowNumbers[k];
        }
        yield { rowNumbers, rows, bytes: Math.round((totalBytes * (end - firstData)) / Math.max(1, dataRows)) };
      }
    },
  };
}

function findRowOrdinal(sheet: ScannedSheet, rowNumber: number): number {
  for (let k = 0; k < Math.min(sheet.rowCount, HEADER_SEARCH_ROWS + 1); k++) if (sheet.rowNumbers[k] === rowNumber) return k;
  return -1;
}

/** Duplicate names (case-insensitive) get " (2)", " (3)"… in order of appearance. */
function uniqueNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name} (${n})`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** True for the characters that may follow an element name ('<row' must not match '<rowBreaks'). */
function endsTagName(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

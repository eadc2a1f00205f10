// CSV export of any table, grid view or drill-down: UTF-8 with a BOM (so Excel detects the
// encoding), RFC 4180 quoting, and formula injection neutralised.

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection), with the
 * fullwidth and small forms that CJK-locale spreadsheets also accept as formula starts.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\uFE66', '\uFE62', '\uFE63']);

/** Leading characters spreadsheets skip before reading a formula: spaces of every kind (NBSP, ideographic, BOM). */
const LEADING_BLANK = /^[\s\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]*/;

/**
 * Text that would start a formula — also after leading blanks such as ` =1+1` or NBSP `=1+1` —
 * gets a leading apostrophe so spreadsheet apps show it as text. Numbers are written as numbers
 * (a negative number is data, not a formula).
 */
export function neutraliseCell(value: string): string {
  if (value.length === 0) return value;
  const blanks = LEADING_BLANK.exec(value)![0];
  const first = value[blanks.length];
  const triggered = (first !== undefined && FORMULA_TRIGGERS.has(first)) || /[\t\r\n]/.test(blanks);
  return triggered ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

function formatCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const safe = neutraliseCell(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(formatCell).join(',') + '\r\n';
}

const BOM = '\uFEFF';

/**
 * Streams CSV text in chunks (header first) from rows pulled page by page, so large tables are
 * exported with bounded memory. `pages` yields arrays of rows.
 */
export async function* csvChunks(
  header: readonly string[],
  pages: AsyncIterable<ReadonlyArray<readonly CsvCell[]>> | Iterable<ReadonlyArray<readonly CsvCell[]>>,
): AsyncGenerator<string> {
  yield BOM + csvLine(header);
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) chunk += csvLine(row);
    if (chunk) yield chunk;
  }
}

/** Whole CSV as UTF-8 bytes (with BOM). */
export async function csvBytes(
  header: readonly string[],
  pages: AsyncIterable<ReadonlyArray<readonly CsvCell[]>> | Iterable<ReadonlyArray<readonly CsvCell[]>>,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  let size = 0;
  for await (const chunk of csvChunks(header, pages)) {
    const b = enc.encode(chunk);
    parts.push(b);
    size += b.length;
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

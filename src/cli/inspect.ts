// `kpiw inspect FILE... [--json]`: imports each file (read-only) into an in-memory engine and
// prints, per table (a text file or a workbook sheet), what was read: row count, encoding,
// delimiter, per-column type/calendar/counts/examples, and the issues found.
import { readFile } from 'node:fs/promises';
import { Engine } from '../engine/api';
import type { ImportFailure, Issue, TableInfo } from '../shared/types';

const USAGE = 'Usage: kpiw inspect FILE... [--json] [--encoding NAME]\n';

/** One entry of `--json` output: exactly the keys of issue 2 §4. */
interface InspectTable {
  source: string;
  sheet: string | null;
  name: string | null;
  rowCount: number;
  encoding: string | null;
  delimiter: string | null;
  columns: Array<{ name: string; type: string; calendar: string | null; nonEmpty: number; invalid: number; examples: string[] }>;
  issues: Array<{ severity: string; message: string; column: string | null; rows: number[] }>;
}

export async function runInspect(args: string[]): Promise<number> {
  let json = false;
  let encoding: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--encoding' || arg.startsWith('--encoding=')) {
      encoding = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!encoding) { process.stderr.write(`kpiw inspect: --encoding needs a value\n${USAGE}`); return 2; }
    }
    else if (arg === '--help' || arg === '-h') { process.stdout.write(USAGE); return 0; }
    else if (arg.startsWith('--')) { process.stderr.write(`kpiw inspect: unknown option ${arg}\n${USAGE}`); return 2; }
    else files.push(arg);
  }
  if (files.length === 0) { process.stderr.write(USAGE); return 2; }

  const engine = await Engine.create();
  const entries: InspectTable[] = [];
  let readable = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      entries.push(failureEntry({ source: file, sheet: null, code: 'unreadable', message: `${file}: ${e instanceof Error ? e.message : String(e)}` }));
      continue;
    }
    const result = await engine.openFile({ source: file, bytes, options: encoding ? { encoding } : undefined });
    if (result.tables.length > 0) readable++;
    for (const t of result.tables) entries.push(tableEntry(t));
    for (const f of result.failures) entries.push(failureEntry(f));
  }

  if (json) process.stdout.write(JSON.stringify({ tables: entries }, null, 2) + '\n');
  else process.stdout.write(entries.map(summary).join('\n'));
  return readable > 0 ? 0 : 1;
}

function tableEntry(t: TableInfo): InspectTable {
  return {
    source: t.source,
    sheet: t.sheet,
    name: t.name,
    rowCount: t.rowCount,
    encoding: t.encoding,
    delimiter: t.delimiter,
    columns: t.columns.map((c) => ({
      name: c.name, type: c.type, calendar: c.calendar, nonEmpty: c.nonEmpty, invalid: c.invalid, examples: c.examples,
    })),
    issues: t.issues.map(issueEntry),
  };
}

/** The documented severities are error and warning; anything informational reads as a warning. */
function issueEntry(i: Issue): InspectTable['issues'][number] {
  return { severity: i.severity === 'error' ? 'error' : 'warning', message: i.message, column: i.column, rows: i.rows };
}

/** A file or sheet that could not be read: a table entry with no rows and one error issue. */
function failureEntry(f: ImportFailure): InspectTable {
  return {
    source: f.source, sheet: f.sheet, name: null, rowCount: 0, encoding: null, delimiter: null, columns: [],
    issues: [{ severity: 'error', message: f.message, column: null, rows: [] }],
  };
}

function delimiterLabel(d: string | null): string {
  if (d === null) return '—';
  if (d === '\t') return 'tab';
  if (d === ' ') return 'whitespace';
  return JSON.stringify(d);
}

function summary(t: InspectTable): string {
  const lines: string[] = [];
  const where = t.sheet !== null ? `${t.source} [sheet ${t.sheet}]` : t.source;
  if (t.name === null) {
    lines.push(`${where}: could not be read`);
  } else {
    lines.push(`${where} → table ${t.name}`);
    lines.push(`  ${t.rowCount} rows · encoding ${t.encoding} · delimiter ${delimiterLabel(t.delimiter)}`);
    const rows = [['column', 'type', 'calendar', 'non-empty', 'invalid', 'examples']];
    for (const c of t.columns) {
      rows.push([oneLine(c.name, 40), c.type, c.calendar ?? '', String(c.nonEmpty), String(c.invalid), c.examples.slice(0, 3).map((e) => oneLine(e, 30)).join(' | ')]);
    }
    lines.push(...alignColumns(rows, [false, false, false, true, true, false]).map((l) => `  ${l}`));
  }
  if (t.issues.length > 0) {
    lines.push('  issues:');
    for (const i of t.issues) {
      const rows = i.rows.length > 0 ? ` (rows ${i.rows.join(', ')}${i.rows.length >= 10 ? ', …' : ''})` : '';
      lines.push(`    ${i.severity.padEnd(7)} ${i.message}${rows}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A cell shown on one terminal line: line breaks visible, long text cut. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\r?\n|\r/g, '⏎').replace(/\t/g, ' ');
  return [...flat].length > max ? [...flat].slice(0, max - 1).join('') + '…' : flat;
}

/** Terminal width of a string: East Asian wide characters take two cells, marks none. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\p{M}/u.test(ch)) continue;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
      || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
      || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

function alignColumns(rows: string[][], rightAligned: boolean[]): string[] {
  const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => displayWidth(r[k]))));
  return rows.map((r) => r.map((cell, k) => {
    const pad = ' '.repeat(widths[k] - displayWidth(cell));
    return k === r.length - 1 ? cell : rightAligned[k] ? pad + cell : cell + pad;
  }).join('  ').trimEnd());
}

// The mapping file (also the CLI's `--map` format): a versioned JSON document telling which dataset
// each table is and which column plays each field.
//
//   { "version": 1,
//     "tables": [ { "source": "<file name; matched by base name>", "sheet": "<XLSX sheet>",
//                   "dataset": "<dataset id>", "survey": "nps|csat|ces|esat",
//                   "fields": { "<field id>": "<column header>" } } ],
//     "params": { "<param id>": <value> } }
//
// A field value is a column header. One extension keeps plain strings valid: when no column has
// that exact header and the value reads "A * B" where A and B are headers, the field is the
// product of the two columns (online-retail style amount = "Quantity * UnitPrice"). And for
// mrr_snapshots, `"month": "*"` reads a wide sheet: every column whose header names a month
// ("2024-01", "Jan 2024", "فروردین ۱۴۰۳") holds that month's MRR per customer row.
import { z } from 'zod';
import { DATASET_IDS, SURVEY_KINDS, type ColumnInfo, type DatasetId, type MappingFile, type MessageValue, type TableInfo, type TableMapping, type TableRef, type TextMessage } from '../../shared/types';
import { DATASET_BY_ID } from './datasets';
import { paramProblemMessages } from '../metrics/params';
import { MessageError } from '../messageError';


export const tableMappingSchema = z.object({
  source: z.string().min(1),
  sheet: z.string().nullable().optional(),
  dataset: z.enum(DATASET_IDS),
  survey: z.enum(SURVEY_KINDS).optional(),
  fields: z.record(z.string(), z.string()),
});

const tableRefSchema = z.object({ source: z.string().min(1), sheet: z.string().nullable().optional() });

export const mappingFileSchema = z.object({
  version: z.literal(1),
  tables: z.array(tableMappingSchema),
  params: z.record(z.string(), z.unknown()).default({}),
  sourceOfTruth: z.partialRecord(z.enum(DATASET_IDS), tableRefSchema).optional(),
  reconciliations: z.array(z.object({
    left: tableRefSchema, right: tableRefSchema, manual: z.array(z.object({ leftId: z.string(), rightId: z.string().nullable() })),
  })).optional(),
});

/**
 * Parses and validates a mapping file's text; throws a MessageError (mappingFile.error.*) naming the
 * file (`name`, else "mapping file" in the reader's language) and what is wrong where.
 */
export function parseMappingFile(text: string, name?: string): MappingFile {
  const file: MessageValue = name ?? { key: 'mappingFile.defaultName' };
  // A byte-order mark (Notepad's UTF-8) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    if (at === null) throw new MessageError('mappingFile.error.notJson', { file }, 'mapping_file');
    if (at >= text.length) throw new MessageError('mappingFile.error.notJsonEnd', { file }, 'mapping_file');
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    throw Object.assign(new MessageError('mappingFile.error.notJsonAt', { file, line, column: at - before.lastIndexOf('\n') }, 'mapping_file'), { cause: e });
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new MessageError('mappingFile.error.schema', { file, problems: listMessage(parsed.error.issues.map((i) => schemaIssueMessage(json, i))) }, 'mapping_file');
  }
  const m = parsed.data as MappingFile;
  for (const [i, t] of m.tables.entries()) {
    const def = DATASET_BY_ID.get(t.dataset)!;
    const unknown = Object.keys(t.fields).filter((f) => !def.fields.some((d) => d.id === f));
    if (unknown.length) {
      throw new MessageError('mappingFile.error.unknownFields', {
        file, entry: `tables.${i}`, source: tableLabel(t), fields: unknown.join(', '), n: unknown.length,
        dataset: t.dataset, known: def.fields.map((d) => d.id).join(', '),
      }, 'mapping_file');
    }
  }
  const problems = paramProblemMessages(m.params ?? {});
  if (problems.length) throw new MessageError('mappingFile.error.params', { file, problems: listMessage(problems) }, 'mapping_file');
  return m;
}

/** Up to three problems as one message ("a; b; c; and 2 more"). */
function listMessage(items: readonly TextMessage[]): TextMessage {
  const [first, second, third] = items;
  if (!second) return first!;
  if (!third) return { key: 'mappingFile.list.two', values: { first: first!, second } };
  if (items.length === 3) return { key: 'mappingFile.list.three', values: { first: first!, second, third } };
  return { key: 'mappingFile.list.threeMore', values: { first: first!, second, third, n: items.length - 3 } };
}

const JSON_TYPES = new Set(['string', 'number', 'array', 'object', 'boolean', 'record']);

/** A schema problem as a message naming where it is (the entry's file for tables.N) and what is expected. */
function schemaIssueMessage(json: unknown, issue: z.core.$ZodIssue): TextMessage {
  const input = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), json);
  const dotted = issue.path.map(String).join('.');
  const source = issue.path[0] === 'tables' && typeof issue.path[1] === 'number' && issue.path.length > 2
    ? (json as { tables?: Array<{ source?: unknown }> }).tables?.[issue.path[1]]?.source : undefined;
  const path: MessageValue = !dotted ? { key: 'mappingFile.root' }
    : typeof source === 'string' && source ? { key: 'mappingFile.entryPath', values: { path: dotted, source } } : dotted;
  const got = JSON.stringify(input) ?? String(input);
  if (input === undefined && issue.path.length > 0) return { key: 'mappingFile.issue.required', values: { path } };
  switch (issue.code) {
    case 'invalid_type':
      if (JSON_TYPES.has(issue.expected)) return { key: 'mappingFile.issue.type', values: { path, expected: { key: `mappingFile.type.${issue.expected === 'record' ? 'object' : issue.expected}` }, value: got } };
      break;
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v)).join(', ');
      return { key: issue.values.length === 1 ? 'mappingFile.issue.exactly' : 'mappingFile.issue.oneOf', values: { path, values, value: got } };
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { key: 'mappingFile.issue.empty', values: { path } };
      break;
    case 'unrecognized_keys':
      return { key: 'mappingFile.issue.unknownKeys', values: { path, keys: issue.keys.join(', '), n: issue.keys.length } };
  }
  return { key: 'mappingFile.issue.other', values: { path, detail: issue.message } };
}

/**
 * Where text that JSON.parse refused goes wrong: the offset of the first character that cannot
 * continue a JSON document (the text's length when it ends too early), or null when this scanner
 * finds nothing wrong (nesting too deep for it, or a disagreement with the parser).
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  const fail = (): never => { throw new JsonSyntaxAt(i); };
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const expect = (c: string) => { if (text[i] !== c) fail(); i++; };
  const str = () => {
    expect('"');
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        if (i < n && '"\\/bfnrt'.includes(text[i]!)) i++;
        else if (text[i] === 'u') { i++; for (let k = 0; k < 4; k++) { if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail(); i++; } }
        else fail();
      } else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); str(); ws(); expect(':'); value(); ws();
        if (text[i] === ',') { i++; continue; }
        expect('}'); return;
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        expect(']'); return;
      }
    }
    if (c === '"') { str(); return; }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) { i += word.length; return; }
    }
    const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    num.lastIndex = i;
    const m = num.exec(text);
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value(); ws();
    if (i < n) fail();
    return null;
  } catch (e) {
    if (e instanceof JsonSyntaxAt) return Math.min(e.offset, n);
    return null;
  }
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}

/** The mapping file's text (stable key order, 2-space indent). */
export function serializeMappingFile(m: MappingFile): string {
  return JSON.stringify({
    version: 1, tables: m.tables.map(cleanTableMapping), params: m.params ?? {},
    ...(m.sourceOfTruth && Object.keys(m.sourceOfTruth).length ? { sourceOfTruth: m.sourceOfTruth } : {}),
    ...(m.reconciliations?.length ? { reconciliations: m.reconciliations } : {}),
  }, null, 2) + '\n';
}

function cleanTableMapping(t: TableMapping): TableMapping {
  return {
    source: t.source,
    ...(t.sheet ? { sheet: t.sheet } : {}),
    dataset: t.dataset,
    ...(t.survey ? { survey: t.survey } : {}),
    fields: { ...t.fields },
  };
}

/** File name without directories (either separator). */
/** How issues name a table: its file, and the sheet of a workbook ("sales.xlsx [Q1]"). */
export const tableLabel = (t: { source: string; sheet?: string | null }): string => (t.sheet ? `${t.source} [${t.sheet}]` : t.source);

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/**
 * The imported table a mapping entry refers to: same base name of the source file (or the table's
 * own SQL name) and the same sheet; a missing sheet matches the file's first imported sheet.
 */
export function findMappedTable(tables: readonly TableInfo[], t: TableMapping): TableInfo | undefined {
  const want = baseName(t.source).toLowerCase();
  const candidates = tables.filter((x) => x.name === t.source || baseName(x.source).toLowerCase() === want);
  if (t.sheet) return candidates.find((x) => x.sheet === t.sheet) ?? candidates.find((x) => (x.sheet ?? '').toLowerCase() === t.sheet!.toLowerCase());
  return candidates[0];
}

/** The table a mapping's reference (source base name and sheet) names. */
export function findTableByRef(tables: readonly TableInfo[], ref: TableRef): TableInfo | undefined {
  return findMappedTable(tables, { source: ref.source, sheet: ref.sheet ?? null, dataset: 'subscriptions', fields: {} });
}

/** The mapping entry of a table (inverse of findMappedTable over a whole mapping). */
export function mappingEntryOf(m: MappingFile, tables: readonly TableInfo[], table: TableInfo): TableMapping | undefined {
  return m.tables.find((t) => findMappedTable(tables, t)?.name === table.name);
}

export type FieldSource =
  | { kind: 'column'; column: ColumnInfo }
  | { kind: 'product'; columns: [ColumnInfo, ColumnInfo] };

function findColumn(table: TableInfo, header: string): ColumnInfo | undefined {
  const h = header.trim();
  return table.columns.find((c) => c.name === header) ?? table.columns.find((c) => c.name.trim() === h)
    ?? table.columns.find((c) => c.name.trim().toLowerCase() === h.toLowerCase());
}

/** What a field value of the mapping file designates in a table, or null when nothing matches. */
export function resolveFieldSource(table: TableInfo, value: string): FieldSource | null {
  const col = findColumn(table, value);
  if (col) return { kind: 'column', column: col };
  const m = /^=?\s*(.+?)\s*\*\s*(.+?)\s*$/.exec(value);
  if (m) {
    const a = findColumn(table, m[1]!);
    const b = findColumn(table, m[2]!);
    if (a && b) return { kind: 'product', columns: [a, b] };
  }
  return null;
}

/** Header names a field source reads (for messages). */
export function fieldSourceHeaders(s: FieldSource): string {
  return s.kind === 'column' ? s.column.name : `${s.columns[0].name} * ${s.columns[1].name}`;
}

/**
 * A mapping entry resolved against the imported tables (by normalize; read by validate too, so it
 * lives here, beside FieldSource, rather than in either).
 */
export interface ResolvedTable {
  entry: TableMapping;
  table: TableInfo;
  dataset: DatasetId;
  fields: Map<string, FieldSource>;
  /** mrr_snapshots from a wide sheet (`"month": "*"`): each month column and its first day. */
  wideMonths?: Array<{ column: ColumnInfo; day: number }>;
}

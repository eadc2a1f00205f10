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
import { DATASET_IDS, SURVEY_KINDS, type ColumnInfo, type DatasetId, type MappingFile, type TableInfo, type TableMapping, type TableRef } from '../../shared/types';
import { DATASET_BY_ID } from './datasets';
import { paramProblems } from '../metrics/params';


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

/** Parses and validates a mapping file's text; throws an Error naming what is wrong. */
export function parseMappingFile(text: string, name = 'mapping file'): MappingFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${name}: ${first.join('; ')}`);
  }
  const m = parsed.data as MappingFile;
  for (const [i, t] of m.tables.entries()) {
    const def = DATASET_BY_ID.get(t.dataset)!;
    const unknown = Object.keys(t.fields).filter((f) => !def.fields.some((d) => d.id === f));
    if (unknown.length) {
      throw new Error(`${name}: tables.${i} (${t.source}): unknown field(s) ${unknown.join(', ')} for dataset ${t.dataset}; `
        + `known: ${def.fields.map((d) => d.id).join(', ')}`);
    }
  }
  const problems = paramProblems(m.params ?? {});
  if (problems.length) throw new Error(`${name}: params: ${problems.join('; ')}`);
  return m;
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

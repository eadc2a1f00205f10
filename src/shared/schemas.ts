// zod schemas of every EngineApi request and of the envelope that carries them over Electron IPC
// and the web host's WebSocket. Hosts validate everything arriving from the renderer with these
// before it reaches the engine: a renderer is untrusted input (it shows data from arbitrary files).
import { clvCustomerRowsRequestSchema, clvRequestSchema } from './clv';
import { z } from 'zod';
import { CALENDARS, COLUMN_TYPES, DATASET_IDS } from './types';
import { SURVEY_KINDS, type CalendarId, type MappingFile } from './types';
import type { WorkbenchApi } from './api';

// Bounds keep one message from asking the engine for unbounded work or memory.
const MAX_NAME = 1_000;
const MAX_PAGE = 100_000;
const shortText = z.string().max(MAX_NAME);


export const calendarSchema = z.enum(CALENDARS as readonly CalendarId[] as [CalendarId, ...CalendarId[]]);
export const columnTypeSchema = z.enum(COLUMN_TYPES as [string, ...string[]]);
export const periodKindSchema = z.enum(['day', 'week', 'month', 'quarter', 'year']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const importOptionsSchema = z.strictObject({
  encoding: z.string().min(1).max(40).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
  hasHeader: z.boolean().optional(),
  sheets: z.array(shortText).max(1_000).optional(),
});

export const sortSpecSchema = z.strictObject({ column: shortText, direction: z.enum(['asc', 'desc']) });

export const filterSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    column: shortText, kind: z.literal('text'),
    op: z.enum(['contains', 'equals', 'startsWith', 'notContains', 'blank', 'notBlank']),
    value: z.string().max(10_000).optional(),
  }),
  z.strictObject({
    column: shortText, kind: z.literal('number'),
    op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank']),
    value: z.number().optional(), valueTo: z.number().optional(),
  }),
  z.strictObject({
    column: shortText, kind: z.literal('date'),
    op: z.enum(['eq', 'before', 'after', 'between', 'blank', 'notBlank']),
    value: z.string().max(40).optional(), valueTo: z.string().max(40).optional(),
  }),
  z.strictObject({ column: shortText, kind: z.literal('invalid') }),
  z.strictObject({ column: z.literal('__row'), kind: z.literal('rows'), rows: z.array(z.number().int().nonnegative()).max(1_000_000) }),
]);

export const kpiTargetSchema = z.strictObject({
  metric: z.string().min(1).max(200),
  period: z.string().min(1).max(40),
  calendar: calendarSchema,
  value: z.number().finite(),
  segment: shortText.nullable().optional(),
});

export const analysisOptionsSchema = z.strictObject({
  asOf: isoDate.optional(),
  period: periodKindSchema.optional(),
  calendar: calendarSchema.optional(),
  segment: shortText.nullable().optional(),
  params: z.record(z.string().max(200), z.unknown()).optional(),
  metrics: z.array(z.string().max(200)).max(1_000).optional(),
  lastComplete: z.boolean().optional(),
  targets: z.array(kpiTargetSchema).max(100_000).optional(),
});

export const drillRequestSchema = z.strictObject({
  metric: z.string().min(1).max(200),
  period: z.string().min(1).max(40),
  segment: shortText.nullable().optional(),
  options: analysisOptionsSchema.optional(),
});

export const rowsRequestSchema = z.strictObject({
  table: z.string().min(1).max(MAX_NAME),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MAX_PAGE),
  sort: z.array(sortSpecSchema).max(50).optional(),
  filters: z.array(filterSpecSchema).max(200).optional(),
  drill: drillRequestSchema.optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  analysisColumns: z.array(z.enum(['health_score'])).max(8).optional(),
});

export const pageSchema = z.strictObject({
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MAX_PAGE),
});

export const tableMappingSchema = z.strictObject({
  source: z.string().min(1).max(4_096),
  sheet: shortText.nullable().optional(),
  dataset: z.enum(DATASET_IDS),
  survey: z.enum(SURVEY_KINDS).optional(),
  fields: z.record(z.string().max(100), shortText),
});

const tableRefSchema = z.strictObject({ source: z.string().min(1).max(4_096), sheet: shortText.nullable().optional() });
export const manualMatchSchema = z.strictObject({ leftId: shortText, rightId: shortText.nullable() });

export const mappingFileSchema: z.ZodType<MappingFile> = z.strictObject({
  version: z.literal(1),
  tables: z.array(tableMappingSchema).max(10_000),
  params: z.record(z.string().max(200), z.unknown()),
  sourceOfTruth: z.partialRecord(z.enum(DATASET_IDS), tableRefSchema).optional(),
  reconciliations: z.array(z.strictObject({ left: tableRefSchema, right: tableRefSchema, manual: z.array(manualMatchSchema).max(1_000_000) })).max(1_000).optional(),
});

/** The file part of an openFile request; the bytes travel beside it (IPC clone / binary frame). */
export const openFileMetaSchema = z.strictObject({
  source: z.string().min(1).max(4_096),
  options: importOptionsSchema.optional(),
  size: z.number().int().nonnegative().optional(),
  mtimeMs: z.number().nullable().optional(),
});

/** Largest file a host accepts in one request (the brief's target is 60 MB exports; 1 GiB leaves room). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

const bytesSchema = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_FILE_BYTES, {
  message: `file larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`,
});

export const openFileRequestSchema = openFileMetaSchema.extend({ bytes: bytesSchema });

export const reportRequestSchema = z.strictObject({
  options: analysisOptionsSchema.optional(),
  language: z.string().max(20).optional(),
  includeData: z.boolean().optional(),
});

export const csvExportRequestSchema = z.strictObject({
  table: z.string().min(1).max(MAX_NAME).optional(),
  sort: z.array(sortSpecSchema).max(50).optional(),
  filters: z.array(filterSpecSchema).max(200).optional(),
  drill: drillRequestSchema.optional(),
  /** The per-customer predictions of a CLV fit instead of a table (sort by their keys). */
  clv: clvRequestSchema.optional(),
  /** UI language of the CLV table's header and notes (English when absent). */
  language: z.string().min(2).max(20).optional(),
});

/** How a method travels, beside its argument schema. */
export interface MethodSpec {
  /** Arguments as a tuple (callbacks and signals excluded). */
  readonly args: z.ZodTuple;
  /** Reports progress and can be cancelled: callers append (onProgress, signal) to the arguments. */
  readonly progress?: true;
  /** Can be cancelled without progress: callers append a signal to the arguments. */
  readonly cancellable?: true;
  /** Carries file bytes: in the request object's `bytes` field, or as the argument itself. */
  readonly bytes?: 'inRequest' | 'asArgument';
  /** The list of tables has changed afterwards (hosts push a tablesChanged event). */
  readonly changesTables?: true;
  /** Offered by the host (Electron main, web host), not by the Engine class. */
  readonly host?: true;
}

export const reconcileRequestSchema = z.strictObject({
  left: shortText.min(1), right: shortText.min(1), asOf: isoDate.optional(),
  params: z.record(z.string().max(200), z.unknown()).optional(),
  manual: z.array(manualMatchSchema).max(1_000_000).optional(),
});

export const metricSqlRequestSchema = z.strictObject({
  dialect: z.enum(['sqlite', 'duckdb', 'postgres', 'bigquery', 'snowflake', 'trino', 'spark']),
  mapping: mappingFileSchema.optional(),
  metrics: z.array(shortText).max(1000).optional(),
  datasets: z.array(shortText).max(100).optional(),
  asOf: isoDate.optional(), from: isoDate.optional(),
  period: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
});

/**
 * Every method the renderer may call. This table is the single list of callable methods: the
 * hosts' dispatcher, the renderer's client and the engine worker all derive from it, and a method
 * not listed here is rejected by every host.
 */
/**
 * UI state saved inside a workspace is small JSON; this bounds one message on every host (the
 * desktop's IPC and the web host's WebSocket alike).
 */
const MAX_UI_STATE_CHARS = 1_000_000;
export const uiStateSchema = z.unknown().refine((v) => {
  try {
    return JSON.stringify(v ?? null).length <= MAX_UI_STATE_CHARS;
  } catch {
    return false;
  }
}, { message: `UI state is not JSON of at most ${MAX_UI_STATE_CHARS.toLocaleString('en')} characters` });

export const API_METHODS = {
  openFile: { args: z.tuple([openFileRequestSchema]), progress: true, bytes: 'inRequest', changesTables: true },
  listTables: { args: z.tuple([]) },
  removeTable: { args: z.tuple([z.string().min(1).max(MAX_NAME)]), changesTables: true },
  getRows: { args: z.tuple([rowsRequestSchema]) },
  suggestMapping: { args: z.tuple([]) },
  getMapping: { args: z.tuple([]) },
  setMapping: { args: z.tuple([mappingFileSchema]) },
  autoMap: { args: z.tuple([]) },
  computeMetrics: { args: z.tuple([analysisOptionsSchema.optional()]), cancellable: true },
  computeClv: { args: z.tuple([clvRequestSchema]) },
  clvCustomerRows: { args: z.tuple([clvCustomerRowsRequestSchema]) },
  drillDown: { args: z.tuple([drillRequestSchema, pageSchema]) },
  saveWorkspace: { args: z.tuple([uiStateSchema.optional()]) },
  loadWorkspace: { args: z.tuple([bytesSchema, z.strictObject({ readOnly: z.boolean().optional() }).optional()]), bytes: 'asArgument', changesTables: true },
  listSources: { args: z.tuple([]) },
  reimportFile: { args: z.tuple([openFileRequestSchema]), progress: true, bytes: 'inRequest', changesTables: true },
  exportReport: { args: z.tuple([reportRequestSchema]) },
  exportCsv: { args: z.tuple([csvExportRequestSchema]) },
  reconcile: { args: z.tuple([reconcileRequestSchema]) },
  metricSql: { args: z.tuple([metricSqlRequestSchema]) },
  exportReconciliation: { args: z.tuple([reconcileRequestSchema]) },
  openSample: { args: z.tuple([]), progress: true, changesTables: true, host: true },
} as const satisfies Record<string, MethodSpec>;

export type MethodName = keyof typeof API_METHODS;
/** Fails to compile unless the table and the WorkbenchApi interface name the same methods. */
export const API_TABLE_MATCHES_INTERFACE: [MethodName] extends [keyof WorkbenchApi]
  ? ([keyof WorkbenchApi] extends [MethodName] ? true : never) : never = true;
export const METHOD_NAMES = Object.keys(API_METHODS) as MethodName[];
/** The methods the Engine class itself implements (what its worker accepts). */
export const ENGINE_METHOD_NAMES: readonly MethodName[] = METHOD_NAMES.filter((m) => !(API_METHODS[m] as MethodSpec).host);
export type MethodArgs<M extends MethodName> = z.infer<(typeof API_METHODS)[M]['args']>;

/** The flags of one method (the table's entry, typed as the general spec). */
export function methodSpec(method: MethodName): MethodSpec {
  return API_METHODS[method];
}

const requestId = z.string().min(1).max(100);

/** renderer → host: call a method. */
export const callMessageSchema = z.strictObject({
  kind: z.literal('call'),
  id: requestId,
  method: z.enum(METHOD_NAMES as [MethodName, ...MethodName[]]),
  args: z.array(z.unknown()).max(4),
});

/** renderer → host: abort a running call (openFile honours it; other calls finish quickly). */
export const cancelMessageSchema = z.strictObject({ kind: z.literal('cancel'), id: requestId });

export const clientMessageSchema = z.discriminatedUnion('kind', [callMessageSchema, cancelMessageSchema]);

export type CallMessage = z.infer<typeof callMessageSchema>;
export type CancelMessage = z.infer<typeof cancelMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Validates a call's arguments against its method's schema; returns the parsed tuple or throws. */
export function parseCallArgs(method: MethodName, args: unknown[]): unknown[] {
  const result = API_METHODS[method].args.safeParse(args);
  if (!result.success) throw new ValidationError(`invalid arguments for ${method}: ${describeZodError(result.error)}`);
  return result.data as unknown[];
}

export class ValidationError extends Error {
  readonly code = 'invalid_request';
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** One line per problem, naming the path inside the message, e.g. "args.0.limit: Too big: …". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}

/** Electron only: import dropped files by path. Paths must be absolute and name a data file. */
export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.tab', '.dat', '.xlsx', '.xlsm'] as const;
/** Paths the preload reports from a trusted drop or file input (`kpiw:chosen`). */
export const chosenPathsSchema = z.array(z.string().min(1).max(4_096)).max(1_000);

export const openPathsMessageSchema = z.strictObject({
  id: requestId,
  paths: z.array(
    z.string().min(1).max(4_096)
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'expected an absolute path')
      .refine((p) => IMPORTABLE_EXTENSIONS.some((ext) => p.toLowerCase().endsWith(ext)),
        `expected a data file (${IMPORTABLE_EXTENSIONS.join(' ')})`),
  ).min(1).max(100),
});

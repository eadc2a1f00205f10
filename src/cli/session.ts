// What `kpiw analyze` and `kpiw report` share: their options, and an engine holding the files
// (read-only) or a saved workspace, mapped by the mapping file or the auto-suggested mapping.
import { readFile } from 'node:fs/promises';
import { coerceParam, Engine, mappingFromSuggestions, missingFields, ParamError, paramProblemMessages, parseMappingFile, tableMappingAs } from '../engine/api';
import { readSourceFile } from '../engine/host/files';
import { errorText } from '../shared/rpc';
import { messageText } from '../shared/i18n/messages';
import { LANGUAGES, matchLanguage, type UiLanguage } from '../shared/i18n';
import { kpiTargetSchema } from '../shared/schemas';
import { findView, PRESET_VIEWS, savedViewSchema, type SavedView } from '../shared/views';
import { CALENDARS, type KpiTarget, type AnalysisOptions, type CalendarId, type Issue, type MappingFile, type PeriodKind, type TableSuggestion, type TextMessage } from '../shared/types';

const PERIODS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];
/** Without --map, every table with a dataset guess at least this sure is mapped (and shown). */
export const CLI_MIN_CONFIDENCE = 0.25;

/** A command line the command cannot run; `text`, when set, is the message for --lang. */
export class UsageError extends Error {
  constructor(message: string, readonly text?: TextMessage) {
    super(message);
  }
}

/** A file the engine refused, named before its reason (worded in --lang when the engine gave a message). */
function refusedFile(file: string, e: unknown): UsageError {
  const problem = errorText(e);
  return new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`, problem ? { key: 'cli.refusedFile', values: { file, problem } } : undefined);
}

/**
 * --lang: the language of a command's text output and errors (en when not given). One place for
 * every command that takes it (analyze, report, reconcile, clv, sql); --json stays codes and English.
 */
export function languageOf(value: string | undefined): UiLanguage {
  if (value === undefined) return 'en';
  const language = matchLanguage(value);
  if (!language) throw new UsageError(`--lang ${value}: the languages are ${LANGUAGES.join(', ')}`);
  return language;
}

/** The --lang of parsed arguments (the command lists 'lang' among its valued options). */
export const languageOption = (args: SessionArgs): UiLanguage => languageOf(args.values.get('lang'));

export interface SessionArgs {
  files: string[];
  map: string | null;
  /** A saved workspace to start from (works with its source files gone). */
  workspace: string | null;
  /** --encoding: the text encoding of the delimited input files, instead of detecting it. */
  encoding: string | null;
  options: AnalysisOptions;
  /** Command-specific boolean flags that were given (e.g. 'json'). */
  flags: Set<string>;
  /** Command-specific options with a value (e.g. 'out'). */
  values: Map<string, string>;
  /** --view: a team view (support, customer_success, finance, executive) or a view saved in the workspace. */
  view: string | null;
  /** --targets: files of KPI targets (metric, period, target[, segment]), mapped to the targets dataset. */
  targets: string[];
}


/**
 * Parses the shared analysis options plus the command's own: `flags` (no value) and `valued`
 * (with a value), both without the leading dashes.
 */
export function parseSessionArgs(argv: string[], flags: readonly string[], valued: readonly string[]): SessionArgs | 'help' {
  const out: SessionArgs = { files: [], map: null, workspace: null, encoding: null, options: {}, flags: new Set(), values: new Map(), targets: [], view: null };
  const params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | null = null;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const name = arg.slice(2);
    if (arg.startsWith('--') && flags.includes(name)) { out.flags.add(name); continue; }
    if (arg.startsWith('--') && valued.includes(name)) { out.values.set(name, value()); continue; }
    switch (arg) {
      case '--help': case '-h': return 'help';
      case '--map': out.map = value(); break;
      case '--workspace': out.workspace = value(); break;
      case '--encoding': out.encoding = value(); break;
      case '--targets': out.targets.push(value()); break;
      case '--view': out.view = value(); break;
      case '--as-of': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--as-of must be YYYY-MM-DD (got "${v}")`);
        out.options.asOf = v;
        break;
      }
      case '--period': {
        const v = value() as PeriodKind;
        if (!PERIODS.includes(v)) throw new UsageError(`--period must be one of ${PERIODS.join(', ')}`);
        out.options.period = v;
        break;
      }
      case '--calendar': {
        const v = value() as CalendarId;
        if (!CALENDARS.includes(v)) throw new UsageError(`--calendar must be one of ${CALENDARS.join(', ')}`);
        out.options.calendar = v;
        break;
      }
      case '--segment': out.options.segment = value(); break;
      // A partial current period: analyze the last complete one instead (reports do by default).
      case '--last-complete': out.options.lastComplete = true; break;
      case '--current-period': out.options.lastComplete = false; break;
      case '--param': {
        const v = value();
        const k = v.indexOf('=');
        if (k <= 0) throw new UsageError(`--param needs id=value (got "${v}")`);
        const id = v.slice(0, k).trim();
        params[id] = coerceParam(id, v.slice(k + 1));
        break;
      }
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        out.files.push(argv[i]!);
    }
  }
  const problems = paramProblemMessages(params);
  if (problems.length) {
    const refused = new ParamError(problems);
    throw new UsageError(refused.problems.map((p) => `--param ${p}`).join('\n'), refused.text);
  }
  if (Object.keys(params).length) out.options.params = params;
  if (out.files.length === 0 && !out.workspace) throw new UsageError('no input file (give files, or --workspace FILE)');
  return out;
}

export interface Session {
  engine: Engine;
  mapping: MappingFile;
  /** The suggestions used when no mapping was given (shown to the user), else null. */
  suggestions: TableSuggestion[] | null;
  importIssues: Issue[];
}

/** Builds the engine for a command; throws UsageError for unusable inputs (bad mapping/workspace file). */
export async function openSession(args: SessionArgs): Promise<Session> {
  let mappingFile: MappingFile | null = null;
  if (args.map) {
    try {
      mappingFile = parseMappingFile(await readFile(args.map, 'utf8'), args.map);
    } catch (e) {
      // The mapping file's refusals name the file, worded for --lang (errorText).
      throw new UsageError(e instanceof Error ? e.message : String(e), errorText(e));
    }
  }
  const engine = await Engine.create();
  let workspaceMapping: MappingFile | null = null;
  let savedViews: SavedView[] = [];
  if (args.workspace) {
    let bytes: Uint8Array;
    try {
      bytes = (await readSourceFile(args.workspace)).bytes;
    } catch (e) {
      throw refusedFile(args.workspace, e);
    }
    try {
      const contents = await engine.loadWorkspace(bytes);
      workspaceMapping = contents.mapping;
      // Targets entered in the app live in the workspace's UI state; --targets files add to them.
      if (!args.options.targets) {
        const targets = workspaceTargets(contents.uiState);
        if (targets.length) args.options.targets = targets;
      }
      savedViews = workspaceViews(contents.uiState);
    } catch (e) {
      throw refusedFile(args.workspace, e);
    }
  }
  if (args.view) applyView(args, savedViews);
  const importIssues: Issue[] = [];
  for (const file of [...args.files, ...args.targets]) {
    let src;
    try {
      src = await readSourceFile(file);
    } catch (e) {
      // A refusal worded as a message (not a regular file) names the file itself; an OS error is prefixed with it.
      const text = errorText(e);
      importIssues.push({ severity: 'error', code: 'unreadable', column: null, rows: [], params: { file }, ...(text ? { message: messageText(text, 'en'), text } : { message: `${file}: ${e instanceof Error ? e.message : String(e)}` }) });
      continue;
    }
    const result = await engine.openFile({ source: file, bytes: src.bytes, size: src.size, mtimeMs: src.mtimeMs, options: args.encoding ? { encoding: args.encoding } : undefined });
    for (const t of result.tables) for (const i of t.issues) importIssues.push({ ...i, table: i.table ?? t.name });
    for (const f of result.failures) importIssues.push({ severity: 'error', code: 'unreadable', column: null, rows: [], params: { file: f.source, ...(f.sheet ? { sheet: f.sheet } : {}), reason: f.code }, message: f.message, ...(f.text ? { text: f.text } : {}) });
  }

  let suggestions: TableSuggestion[] | null = null;
  let mapping: MappingFile;
  if (mappingFile) {
    mapping = mappingFile;
  } else if (workspaceMapping && args.files.length === 0) {
    mapping = workspaceMapping;
  } else {
    suggestions = await engine.suggestMapping();
    mapping = mappingFromSuggestions(suggestions, workspaceMapping ?? { version: 1, tables: [], params: {} }, CLI_MIN_CONFIDENCE);
  }
  if (args.targets.length) mapping = await mapTargets(engine, mapping, args.targets);
  await engine.setMapping(mapping);
  return { engine, mapping, suggestions, importIssues };
}

/** The views saved in a workspace's UI state (controls.views, as the app saves them). */
function workspaceViews(uiState: unknown): SavedView[] {
  const list = (uiState as { controls?: { views?: unknown } } | null)?.controls?.views;
  if (!Array.isArray(list)) return [];
  return list.flatMap((x) => { const r = savedViewSchema.safeParse(x); return r.success ? [r.data] : []; });
}

/** --view: its KPIs, and its period, calendar and segment where the command line names none. */
function applyView(args: SessionArgs, saved: readonly SavedView[]): void {
  const wanted = args.view!;
  const view = saved.find((v) => v.name === wanted) ?? findView(wanted, saved);
  if (!view) {
    const names = [...PRESET_VIEWS.map((v) => v.id), ...saved.map((v) => v.name ?? v.id)];
    throw new UsageError(`--view ${wanted}: no such view (${names.join(', ')})`);
  }
  const o = args.options;
  o.metrics = [...view.metrics];
  if (!o.period && view.period) o.period = view.period;
  if (!o.calendar && view.calendar) o.calendar = view.calendar;
  if (o.segment === undefined && view.segment) o.segment = view.segment;
}

/** The valid targets of a workspace's UI state (controls.targets, as the app saves them). */
function workspaceTargets(uiState: unknown): KpiTarget[] {
  // The app saves its controls; `kpiw analyze --save` saves the analysis options.
  const state = uiState as { controls?: { targets?: unknown }; analysis?: { targets?: unknown } } | null;
  const list = state?.controls?.targets ?? state?.analysis?.targets;
  if (!Array.isArray(list)) return [];
  return list.flatMap((x) => { const r = kpiTargetSchema.safeParse(x); return r.success ? [r.data] : []; });
}

/** The --targets files' tables mapped to the targets dataset, whatever else their headers suggested. */
async function mapTargets(engine: Engine, mapping: MappingFile, files: string[]): Promise<MappingFile> {
  const suggestions = await engine.suggestMapping();
  const tables = [...mapping.tables];
  for (const file of files) {
    const mine = suggestions.filter((s) => s.source === file);
    if (mine.length === 0) throw new UsageError(`--targets ${file}: no table could be read`);
    for (const s of mine) {
      const entry = tableMappingAs(s, 'targets');
      const missing = missingFields('targets', entry.fields);
      if (missing.length) throw new UsageError(`--targets ${file}${s.sheet ? ` [${s.sheet}]` : ''}: no column for ${missing.join(', ')} (headers such as metric, period, target)`);
      const at = tables.findIndex((t) => t.source === entry.source && (t.sheet ?? null) === (entry.sheet ?? null));
      if (at >= 0) tables.splice(at, 1);
      tables.push(entry);
    }
  }
  return { ...mapping, tables };
}

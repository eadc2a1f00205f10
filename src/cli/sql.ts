// `kpiw sql`: prints the metric SQL over the normalized schema for a warehouse dialect, preceded by
// the CREATE VIEWs mapping the user's tables to it (from --map) or the normalized DDL as a comment.
// Needs no data: the engine renders the same metric definitions it runs.
import { readFile } from 'node:fs/promises';
import { Engine, parseMappingFile } from '../engine/api';
import type { MetricSqlRequest } from '../shared/api';
import { errorInLanguage } from './errorText';
import { messageText } from '../shared/i18n/messages';
import type { TextMessage } from '../shared/types';
import { languageOf, UsageError } from './session';
import type { UiLanguage } from '../shared/i18n';

const DIALECTS = ['sqlite', 'duckdb', 'postgres', 'bigquery', 'snowflake', 'trino', 'spark'] as const;

const HELP = `kpiw sql [--dialect ${DIALECTS.join('|')}] [--map FILE] [--metric ID]... [--dataset D]...
         [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--period day|week|month|quarter|year]
         [--lang en|fa|th|zh-Hant|zh-Hans]   (the language of its messages; the SQL and this help stay English)

Prints the SQL of the metrics over the normalized tables n_<dataset> in the chosen dialect
(default duckdb). With --map, CREATE VIEW statements first map the warehouse tables named in the
mapping file (each source file's base name) to the normalized tables, with the value conversions
(dates to day numbers, date-times to epoch seconds, booleans to 0/1, "A * B" products, MRR from
amount ÷ billing interval). Without --map, the normalized schema's DDL is printed as a comment.
--metric and --dataset restrict the output; the periods (tmp_periods) run from --from (default a
year before the as-of date) to --as-of (default today).
`;

/** An option given without its value (the command line's usage error, exit code 2). */
class MissingValue extends Error {
  readonly text: TextMessage;
  constructor(readonly option: string) { super(`${option} needs a value`); this.text = { key: 'cli.usage.needsValue', values: { option } }; }
}

export async function runSql(argv: string[]): Promise<number> {
  try {
    return await sqlCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw sql: ${e.message}\n\n${HELP}`); return 2; }
    if (!(e instanceof MissingValue)) throw e;
    process.stderr.write(`kpiw sql: ${errorInLanguage(e, argv)}\n\n${HELP}`);
    return 2;
  }
}

/** --lang as given anywhere on the line (checked by languageOf), so a refusal before it is worded in it too. */
function languageIn(argv: readonly string[]): UiLanguage {
  const at = argv.indexOf('--lang');
  return languageOf(at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length));
}

async function sqlCommand(argv: string[]): Promise<number> {
  const language = languageIn(argv);
  const say = (key: string, values: TextMessage['values']) => messageText({ key, values }, language);
  const req: MetricSqlRequest = { dialect: 'duckdb', metrics: [], datasets: [] };
  let map: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new MissingValue(arg);
      return v;
    };
    switch (arg) {
      case '--help': case '-h': process.stdout.write(HELP); return 0;
      case '--lang': value(); break;
      case '--dialect': {
        const d = value().toLowerCase();
        if (!(DIALECTS as readonly string[]).includes(d)) {
          process.stderr.write(`kpiw sql: ${say('engineError.unknownDialect', { dialect: d, known: DIALECTS.join(', ') })}\n`);
          return 2;
        }
        req.dialect = d as MetricSqlRequest['dialect'];
        break;
      }
      case '--map': map = value(); break;
      case '--metric': req.metrics!.push(value()); break;
      case '--dataset': req.datasets!.push(value()); break;
      case '--as-of': req.asOf = value(); break;
      case '--from': req.from = value(); break;
      case '--period': req.period = value() as MetricSqlRequest['period']; break;
      default:
        process.stderr.write(`kpiw sql: ${say('cli.usage.unknownArgument', { argument: arg })}\n\n${HELP}`);
        return 2;
    }
  }
  for (const [name, v] of [['--as-of', req.asOf], ['--from', req.from]] as const) {
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) { process.stderr.write(`kpiw sql: ${say('cli.usage.notADate', { option: name, value: v })}\n`); return 2; }
  }
  if (req.period && !['day', 'week', 'month', 'quarter', 'year'].includes(req.period)) {
    process.stderr.write(`kpiw sql: ${say('cli.usage.oneOf', { option: '--period', values: 'day, week, month, quarter, year', value: req.period })}\n`);
    return 2;
  }
  if (map) {
    try {
      req.mapping = parseMappingFile(await readFile(map, 'utf8'), map);
    } catch (e) {
      // A mapping file it refuses names the file (a MessageError, worded by errorInLanguage).
      process.stderr.write(`kpiw sql: ${errorInLanguage(e, argv)}\n`);
      return 2;
    }
  }
  const engine = await Engine.create();
  try {
    process.stdout.write(await engine.metricSql(req));
    return 0;
  } catch (e) {
    process.stderr.write(`kpiw sql: ${errorInLanguage(e, argv)}\n`);
    return 2;
  }
}

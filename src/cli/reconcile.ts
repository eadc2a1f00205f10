// `kpiw reconcile LEFT RIGHT [--map FILE] [--as-of D] [--period P] [--param id=value]... [--json]
//  [--out reconciliation.xlsx]`: imports both exports (read-only), maps them (mapping file or
// auto-suggested), and reconciles the first reconcilable table of LEFT with that of RIGHT.
// `--json` prints issue 11's shape exactly.
import path from 'node:path';
import { writeFileAtomic } from '../engine/host/files';
import { buildReconciliationWorkbook } from '../engine/api';
import { RECONCILABLE_DATASETS, type ReconcileResult } from '../shared/api';
import type { CalendarId, TableInfo, TextMessage } from '../shared/types';
import { formatAmount } from '../shared/format';
import { localeTag, translate, type UiLanguage } from '../shared/i18n';
import { messageText } from '../shared/i18n/messages';
import { formatPeriodKey } from '../shared/calendar/display';
import { languageOption, openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage, issueInLanguage } from './errorText';

const USAGE = `Usage: kpiw reconcile LEFT RIGHT [--map FILE] [--as-of YYYY-MM-DD] [--period month] [--param id=value]... [--json]
                      [--out reconciliation.xlsx] [--lang en|fa|th|zh-Hant|zh-Hans]   (the text output's language; --json stays English)
  LEFT and RIGHT are two exports of one dataset (subscriptions, MRR snapshots or transactions).
  Parameters: reconcile.tolerance, reconcile.timing_days, reconcile.name_threshold.
`;
const RECONCILABLE: ReadonlySet<string> = new Set(RECONCILABLE_DATASETS);

export async function runReconcile(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['out', 'lang']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    languageOption(args);
    if (args.files.length !== 2) throw new UsageError(`give exactly two files, LEFT and RIGHT (got ${args.files.length})`);
    if (args.options.period && args.options.period !== 'month') throw new UsageError('reconcile compares month-end balances: --period must be month');
    const out = args.values.get('out');
    if (out && args.files.some((f) => path.resolve(f) === path.resolve(out))) throw new UsageError('--out must not name a source file (sources are never written)');
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw reconcile: ${errorInLanguage(e, argv)}\n${USAGE}`); return 2; }
    throw e;
  }
  const { engine, mapping, importIssues } = session;
  const language = languageOption(args);
  for (const i of importIssues.filter((x) => x.severity === 'error')) process.stderr.write(`kpiw reconcile: ${issueInLanguage(i, language)}\n`);
  const tables = await engine.listTables();
  const pick = (file: string): TableInfo | null => {
    const mine = tables.filter((t) => path.resolve(t.source) === path.resolve(file));
    return mine.find((t) => mapping.tables.some((m) => RECONCILABLE.has(m.dataset) && path.basename(m.source) === path.basename(t.source) && (m.sheet ?? null) === (t.sheet ?? null)))
      ?? null;
  };
  const [lf, rf] = args.files as [string, string];
  const left = pick(lf);
  const right = pick(rf);
  for (const [t, f] of [[left, lf], [right, rf]] as const) {
    if (!t) {
      process.stderr.write(`kpiw reconcile: ${messageText({ key: 'cli.reconcile.noTable', values: { file: f } }, language)}\n`);
      return 1;
    }
  }
  let result: ReconcileResult;
  try {
    result = await engine.reconcile({ left: left!.name, right: right!.name, ...(args.options.asOf ? { asOf: args.options.asOf } : {}), ...(args.options.params ? { params: args.options.params } : {}) });
  } catch (e) {
    process.stderr.write(`kpiw reconcile: ${errorInLanguage(e, argv)}\n`);
    return 1;
  }
  const out = args.values.get('out');
  if (out) {
    await writeFileAtomic(out, await buildReconciliationWorkbook(result));
    process.stderr.write(`kpiw reconcile: ${messageText({ key: 'cli.reconcile.written', values: { file: out } }, language)}\n`);
  }
  if (args.flags.has('json')) {
    const { period, left: l, right: r, bridge, customers, series, issues } = result;
    process.stdout.write(JSON.stringify({ period, left: l, right: r, bridge, customers, series, issues: [...importIssues.map((i) => i.message), ...issues] }, null, 2) + '\n');
  } else {
    process.stdout.write(renderText(result, language, args.options.calendar ?? 'gregorian'));
  }
  return 0;
}

function pad(s: string, w: number, start = false): string {
  // Width in terminal columns is approximated by code points.
  const fill = ' '.repeat(Math.max(0, w - [...s].length));
  return start ? fill + s : s + fill;
}

/** The bridge as text in a language: labels from the resources, amounts to the cent in its digits, names isolated for bidi. */
function renderText(r: ReconcileResult, language: UiLanguage, calendar: CalendarId): string {
  const text = (key: string, values: TextMessage['values'] = {}) => messageText({ key, values }, language);
  const tr = (key: string) => translate(language, key);
  const money = (x: number) => formatAmount(x, { locale: localeTag(language) });
  const sideLine = (which: 'left' | 'right', s: ReconcileResult['left']) => `  ${pad(tr(`reconcile.error.side.${which}`), 6)} ${text('cli.reconcile.side', {
    source: s.sheet ? `${s.source} [${s.sheet}]` : s.source, mrr: money(s.mrr), customers: { key: 'cli.reconcile.customers', values: { n: s.customers } },
  })}`;
  const row = (cells: string[]) => `  ${pad(cells[0]!, 14)} ${pad(cells[1]!, 9, true)} ${pad(cells[2]!, 16, true)} ${pad(cells[3]!, 16, true)} ${pad(cells[4]!, 16, true)}`;
  const lines = [text('cli.reconcile.title', { period: formatPeriodKey(r.period.slice(0, 7), calendar, language) }),
    sideLine('left', r.left), sideLine('right', r.right), '',
    row(['category', 'customers', 'left', 'right', 'difference'].map((c) => tr(`cli.reconcile.column.${c}`)))];
  const count = new Intl.NumberFormat(localeTag(language), { maximumFractionDigits: 0 });
  for (const b of r.bridge) {
    const category = language === 'en' ? b.category : tr(`reconcile.category.${b.category}`);
    lines.push(row([category, count.format(b.customers), money(b.left_mrr), money(b.right_mrr), money(b.difference)]));
  }
  lines.push(row([tr('cli.reconcile.column.total'), '', money(r.left.mrr), money(r.right.mrr), money(r.right.mrr - r.left.mrr)]));
  r.issues.forEach((english, i) => {
    const message = r.issueMessages?.[i];
    lines.push(`  ${text('cli.reconcile.note', { note: message ?? english })}`);
  });
  return lines.join('\n') + '\n';
}

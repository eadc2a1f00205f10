// `kpiw reconcile LEFT RIGHT [--map FILE] [--as-of D] [--period P] [--param id=value]... [--json]
//  [--out reconciliation.xlsx]`: imports both exports (read-only), maps them (mapping file or
// auto-suggested), and reconciles the first reconcilable table of LEFT with that of RIGHT.
// `--json` prints issue 11's shape exactly.
import path from 'node:path';
import { writeFileAtomic } from '../engine/host/files';
import { buildReconciliationWorkbook } from '../engine/api';
import { RECONCILABLE_DATASETS, type ReconcileResult } from '../shared/api';
import type { TableInfo } from '../shared/types';
import { openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage } from './errorText';

const USAGE = `Usage: kpiw reconcile LEFT RIGHT [--map FILE] [--as-of YYYY-MM-DD] [--period month] [--param id=value]... [--json]
                      [--out reconciliation.xlsx]
  LEFT and RIGHT are two exports of one dataset (subscriptions, MRR snapshots or transactions).
  Parameters: reconcile.tolerance, reconcile.timing_days, reconcile.name_threshold.
`;
const RECONCILABLE: ReadonlySet<string> = new Set(RECONCILABLE_DATASETS);

export async function runReconcile(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['out']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
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
  for (const i of importIssues.filter((x) => x.severity === 'error')) process.stderr.write(`kpiw reconcile: ${i.message}\n`);
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
      process.stderr.write(`kpiw reconcile: ${f}: no table mapped to subscriptions, MRR snapshots or transactions (give --map FILE)\n`);
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
    process.stderr.write(`kpiw reconcile: workbook written to ${out}\n`);
  }
  if (args.flags.has('json')) {
    const { period, left: l, right: r, bridge, customers, series, issues } = result;
    process.stdout.write(JSON.stringify({ period, left: l, right: r, bridge, customers, series, issues: [...importIssues.map((i) => i.message), ...issues] }, null, 2) + '\n');
  } else {
    const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const lines = [`Reconciliation · period ${period(result)}`,
      `  left   ${result.left.source}${result.left.sheet ? ` [${result.left.sheet}]` : ''}: ${money(result.left.mrr)} (${result.left.customers} customers)`,
      `  right  ${result.right.source}${result.right.sheet ? ` [${result.right.sheet}]` : ''}: ${money(result.right.mrr)} (${result.right.customers} customers)`, '',
      `  ${'category'.padEnd(12)} ${'customers'.padStart(9)} ${'left'.padStart(16)} ${'right'.padStart(16)} ${'difference'.padStart(16)}`];
    for (const b of result.bridge) lines.push(`  ${b.category.padEnd(12)} ${String(b.customers).padStart(9)} ${money(b.left_mrr).padStart(16)} ${money(b.right_mrr).padStart(16)} ${money(b.difference).padStart(16)}`);
    lines.push(`  ${'total'.padEnd(12)} ${''.padStart(9)} ${money(result.left.mrr).padStart(16)} ${money(result.right.mrr).padStart(16)} ${money(result.right.mrr - result.left.mrr).padStart(16)}`);
    for (const i of result.issues) lines.push(`  note: ${i}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}

const period = (r: ReconcileResult): string => r.period.slice(0, 7);

// `kpiw report FILE... [--map FILE] [--as-of D] [--period P] [--calendar C] --out report.xlsx`:
// the report workbook (Summary, a sheet per family, cohort matrix, waterfall, leaderboard, health
// per customer; the last complete period unless `--current-period`; `--include-data` adds the imported tables;
// `--lang` writes sheet names, headers and metric names in en, fa (right-to-left sheets), th, zh-Hant or zh-Hans).
import path from 'node:path';
import { writeFileAtomic } from '../engine/host/files';
import { languageOption, openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage } from './errorText';

const USAGE = `Usage: kpiw report FILE... [--map FILE] [--encoding NAME] [--as-of YYYY-MM-DD] [--period day|week|month|quarter|year]
                   [--calendar gregorian|persian|buddhist|roc] [--segment COLUMN] [--param id=value]...
                   [--targets FILE]... [--view V] [--current-period] [--include-data] [--lang en|fa|th|zh-Hant|zh-Hans] --out report.xlsx
       kpiw report --workspace ws.kpiw [options] --out report.xlsx
`;

export async function runReport(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  try {
    const parsed = parseSessionArgs(argv, ['include-data'], ['out', 'lang']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    const out = args.values.get('out');
    if (!out) throw new UsageError('--out report.xlsx is required');
    if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file');
    languageOption(args);
    if ([...args.files, args.workspace ?? ''].some((f) => f && path.resolve(f) === path.resolve(out))) {
      throw new UsageError('--out must not name an input file (sources are never written)');
    }
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw report: ${errorInLanguage(e, argv)}\n${USAGE}`); return 2; }
    throw e;
  }
  const out = args.values.get('out')!;
  for (const i of session.importIssues.filter((x) => x.severity === 'error')) process.stderr.write(`kpiw report: ${i.message}\n`);
  if ((await session.engine.listTables()).length === 0) {
    process.stderr.write('kpiw report: nothing could be imported\n');
    return 1;
  }
  if (session.suggestions) {
    const mapped = session.mapping.tables.map((t) => `${t.source}${t.sheet ? ` [${t.sheet}]` : ''} → ${t.dataset}`).join(', ');
    process.stderr.write(`kpiw report: no --map given; using the auto-suggested mapping: ${mapped || 'nothing mapped'}\n`);
  }
  const bytes = await session.engine.exportReport({
    options: args.options, language: languageOption(args), includeData: args.flags.has('include-data'),
  });
  await writeFileAtomic(out, bytes);
  process.stdout.write(`Wrote ${out} (${Math.round(bytes.length / 1024)} KB)\n`);
  return 0;
}

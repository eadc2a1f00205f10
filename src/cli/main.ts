// `kpiw` command line: dispatches to one module per command. Compiled to dist/cli.js
// (scripts/build-cli.mjs) so it starts without transpiling.

const USAGE = `kpiw — KPI Workbench command line

Usage:
  kpiw inspect FILE... [--json]
  kpiw analyze FILE... [--map FILE] [--encoding NAME] [--as-of YYYY-MM-DD] [--period day|week|month|quarter|year]
               [--calendar gregorian|persian|buddhist|roc] [--segment COLUMN] [--last-complete] [--param id=value]... [--json]
               [--targets FILE]... [--view support|customer_success|finance|executive|NAME] [--save ws.kpiw]
  kpiw analyze --workspace ws.kpiw [options]
  kpiw report FILE... [--map FILE] [--encoding NAME] [--as-of D] [--period P] [--calendar C] [--targets FILE]... [--view V] [--current-period] [--include-data] [--lang fa] --out report.xlsx
  kpiw reconcile LEFT RIGHT [--map FILE] [--as-of D] [--period month] [--param id=value]... [--json] [--out reconciliation.xlsx]
  kpiw export FILE [--sheet S] [--table NAME] --out out.csv
  kpiw clv FILE... [--map FILE] [--model bg_nbd] [--calibration-end D] [--holdout-end D]
           [--time-unit day|week|month] [--horizon N] [--discount RATE] [--as-of D] [--json]
  kpiw metrics [--markdown | --json]
  kpiw sql [--dialect sqlite|duckdb|postgres|bigquery|snowflake|trino|spark] [--map FILE] [--metric ID]...
           [--dataset D]... [--as-of D] [--from D] [--period P]
  kpiw help
`;

type Command = (args: string[]) => Promise<number>;

// Each command is loaded only when used, so `kpiw help` and typos answer at once.
const COMMANDS: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./inspect')).runInspect,
  analyze: async () => (await import('./analyze')).runAnalyze,
  export: async () => (await import('./export')).runExport,
  report: async () => (await import('./report')).runReport,
  clv: async () => (await import('./clv')).runClv,
  reconcile: async () => (await import('./reconcile')).runReconcile,
  metrics: async () => (await import('./metrics')).runMetrics,
  sql: async () => (await import('./sql')).runSql,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 2;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    process.stderr.write(`kpiw: unknown command "${cmd}"\n\n${USAGE}`);
    return 2;
  }
  const run = await load();
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  async (err: unknown) => {
    const { errorInLanguage } = await import('./errorText');
    process.stderr.write(`kpiw: ${errorInLanguage(err, process.argv.slice(2))}\n`);
    process.exitCode = 1;
  },
);

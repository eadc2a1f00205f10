// `kpiw metrics [--markdown|--json]`: the catalog — every metric with its family, unit and inputs;
// `--markdown` prints the full reference (docs/metrics.md is this output), `--json` the ids.
import { metricCatalog, metricReferenceMarkdown } from '../engine/api';

const USAGE = 'Usage: kpiw metrics [--markdown | --json]\n';

export async function runMetrics(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--markdown' && a !== '--json');
  if (unknown.length || argv.length > 1) {
    process.stderr.write(`kpiw metrics: ${unknown.length ? `unknown option ${unknown[0]}` : 'choose one of --markdown and --json'}\n${USAGE}`);
    return 2;
  }
  if (argv[0] === '--markdown') {
    process.stdout.write(metricReferenceMarkdown());
    return 0;
  }
  const catalog = metricCatalog();
  if (argv[0] === '--json') {
    process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...catalog.map((m) => m.id.length));
  for (const m of catalog) process.stdout.write(`${m.id.padEnd(width)}  ${m.family.padEnd(9)}  ${m.unit.padEnd(8)}  ${m.label}\n`);
  return 0;
}

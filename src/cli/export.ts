// `kpiw export FILE [--sheet S] [--table NAME] --out out.csv`: one imported table as CSV
// (UTF-8 with BOM, formula injection neutralised). The source file is only read.
import path from 'node:path';
import { Engine } from '../engine/api';
import { readSourceFile, writeFileAtomic } from '../engine/host/files';

const USAGE = 'usage: kpiw export FILE [--sheet S] [--table NAME] [--encoding NAME] --out out.csv\n';

export async function runExport(args: string[]): Promise<number> {
  let file: string | undefined;
  let sheet: string | undefined;
  let table: string | undefined;
  let out: string | undefined;
  let encoding: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--sheet') sheet = args[++i];
    else if (a === '--table') table = args[++i];
    else if (a === '--out') out = args[++i];
    else if (a === '--encoding') encoding = args[++i];
    else if (a.startsWith('--')) { process.stderr.write(`kpiw export: unknown option ${a}\n${USAGE}`); return 2; }
    else if (!file) file = a;
    else { process.stderr.write(`kpiw export: one file at a time\n${USAGE}`); return 2; }
  }
  if (!file || !out) { process.stderr.write(USAGE); return 2; }
  if (path.resolve(out) === path.resolve(file)) {
    process.stderr.write('kpiw export: --out must not be the source file (sources are never written)\n');
    return 2;
  }
  const engine = await Engine.create();
  const src = await readSourceFile(file);
  const result = await engine.openFile({ source: file, bytes: src.bytes, size: src.size, mtimeMs: src.mtimeMs, options: encoding ? { encoding } : undefined });
  for (const f of result.failures) process.stderr.write(`kpiw export: ${f.message}\n`);
  const tables = result.tables;
  const chosen = tables.find((t) => (table ? t.name === table : sheet ? t.sheet === sheet : true));
  if (!chosen) {
    const names = tables.map((t) => (t.sheet ? `sheet "${t.sheet}" (table ${t.name})` : `table ${t.name}`)).join(', ');
    process.stderr.write(`kpiw export: ${file}: no ${table ? `table "${table}"` : sheet ? `sheet "${sheet}"` : 'table'} found; available: ${names || 'none'}\n`);
    return 1;
  }
  if (!table && !sheet && tables.length > 1) {
    process.stderr.write(`kpiw export: ${file} has ${tables.length} sheets; exporting "${chosen.sheet}" (choose with --sheet)\n`);
  }
  const bytes = await engine.exportCsv({ table: chosen.name });
  await writeFileAtomic(out, bytes);
  process.stdout.write(`Wrote ${chosen.rowCount} rows of ${chosen.sheet ? `${file} [${chosen.sheet}]` : file} to ${out}\n`);
  return 0;
}

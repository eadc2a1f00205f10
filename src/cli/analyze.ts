// STUB — `kpiw analyze`. To be implemented.
export async function runAnalyze(_args: string[]): Promise<number> {
  process.stderr.write('kpiw analyze: not implemented yet\n');
  return 1;
}

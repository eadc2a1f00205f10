// STUB — `kpiw inspect`. To be implemented.
export async function runInspect(_args: string[]): Promise<number> {
  process.stderr.write('kpiw inspect: not implemented yet\n');
  return 1;
}

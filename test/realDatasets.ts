// Where the tests find the real public exports: KPIW_DATASETS, else ../shared/datasets beside the
// checkout. A clone elsewhere has neither; the tests that need a file then skip with one loud line
// naming it (and everything else runs), never fail on a missing path.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATASETS_DIR = process.env.KPIW_DATASETS
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'datasets');

export const datasetPath = (name: string): string => path.join(DATASETS_DIR, name);

const warned = new Set<string>();

/** True when every named file is there; otherwise says once which are missing for whom, and false. */
export function hasDatasets(who: string, ...names: string[]): boolean {
  const missing = names.filter((n) => !existsSync(datasetPath(n)));
  if (missing.length === 0) return true;
  const key = `${who}|${missing.join(',')}`;
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`SKIPPED ${who}: ${missing.join(', ')} not found in ${DATASETS_DIR} (set KPIW_DATASETS to the real exports)`);
  }
  return false;
}

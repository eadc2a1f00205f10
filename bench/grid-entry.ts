// Benchmark child: the grid's requests at 1M rows through the engine API, as the renderer sends
// them (a block of rows at an offset, a sort, a filter): opens the CSV with Engine.openFile, then
// times each request, first and repeated. Prints one JSON line (seconds per request).
import { readFileSync } from 'node:fs';
import { Engine } from '../src/engine/api';
import type { FilterSpec, RowsRequest, SortSpec } from '../src/shared/types';

const file = process.argv[2]!;
/** The renderer's block size (DataGrid's cacheBlockSize). */
const BLOCK = 200;

const engine = await Engine.create();
const opened = await engine.openFile({ source: file, bytes: new Uint8Array(readFileSync(file)) });
const table = opened.tables[0]!.name;
const total = (await engine.getRows({ table, offset: 0, limit: 1 })).total;

async function timed(req: Omit<RowsRequest, 'table' | 'limit'>): Promise<{ seconds: number; total: number; rows: number }> {
  const started = performance.now();
  const page = await engine.getRows({ table, limit: BLOCK, ...req });
  return { seconds: (performance.now() - started) / 1000, total: page.total, rows: page.rows.length };
}

const sortByMrr: SortSpec[] = [{ column: 'mrr', direction: 'desc' }];
const proPlan: FilterSpec[] = [{ column: 'plan', kind: 'text', op: 'equals', value: 'Pro' }];
const results: Record<string, { seconds: number; total: number; rows: number }> = {};
// A page anywhere: the start, the middle, the last block (the count is cached after the first).
results['page at 0'] = await timed({ offset: 0 });
results['page at middle'] = await timed({ offset: Math.floor(total / 2) });
results['page at end'] = await timed({ offset: total - BLOCK });
// Sort: the first block of a new sort, then a block deep into it.
results['sort mrr desc'] = await timed({ offset: 0, sort: sortByMrr });
results['sort, page at middle'] = await timed({ offset: Math.floor(total / 2), sort: sortByMrr });
// Filter: the first block of a new filter (with its count), then filter and sort together.
results['filter plan = Pro'] = await timed({ offset: 0, filters: proPlan });
results['filter + sort'] = await timed({ offset: 0, filters: proPlan, sort: sortByMrr });
results['filter + sort, repeated'] = await timed({ offset: 0, filters: proPlan, sort: sortByMrr });
console.log(JSON.stringify({ rows: total, requests: results }));

// The mapping every TypeScript bench entry applies to the generated subscription files
// (bench/generate.mjs writes these column names).
import type { MappingFile } from '../src/shared/types';

export function subscriptionsMapping(source: string): MappingFile {
  return {
    version: 1,
    tables: [{
      source, dataset: 'subscriptions',
      fields: { customer_id: 'customer_id', mrr: 'mrr', start_date: 'start_date', end_date: 'end_date', plan: 'plan', status: 'status' },
    }],
    params: {},
  };
}

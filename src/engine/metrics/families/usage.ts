// STUB — the usage family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const usageFamily: FamilyModule = {
  family: 'usage',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

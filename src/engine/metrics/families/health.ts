// STUB — the health family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const healthFamily: FamilyModule = {
  family: 'health',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

// STUB — the revenue family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const revenueFamily: FamilyModule = {
  family: 'revenue',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

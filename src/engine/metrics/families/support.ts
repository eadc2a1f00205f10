// STUB — the support family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const supportFamily: FamilyModule = {
  family: 'support',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

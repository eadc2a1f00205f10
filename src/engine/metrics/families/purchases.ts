// STUB — the purchases family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const purchasesFamily: FamilyModule = {
  family: 'purchases',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

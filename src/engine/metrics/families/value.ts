// STUB — the value family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const valueFamily: FamilyModule = {
  family: 'value',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

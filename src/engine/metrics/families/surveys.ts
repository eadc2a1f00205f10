// STUB — the surveys family (METRICS.md §4). To be implemented.
import type { FamilyModule } from '../types';

export const surveysFamily: FamilyModule = {
  family: 'surveys',
  metrics: [],
  compute: () => new Map(),
  drill: () => null,
};

import { describe, expect, it } from 'vitest';
import { rankSegments } from '../../src/renderer/components/SegmentTable';
import type { MetricResult } from '../../src/shared/types';

const seg = (segment: string, value: number | null) => ({ segment, value, series: [] });

describe('segments ranked best first', () => {
  const segments = [seg('a', 0.05), seg('b', null), seg('c', 0.02), seg('d', 0.09)];
  it('lower is better (churn): lowest first, no value last', () => {
    expect(rankSegments({ better: 'lower', segments } as Pick<MetricResult, 'better' | 'segments'>).map((r) => [r.rank, r.segment.segment]))
      .toEqual([[1, 'c'], [2, 'a'], [3, 'd'], [4, 'b']]);
  });
  it('higher is better (and neither): highest first', () => {
    expect(rankSegments({ better: 'higher', segments } as Pick<MetricResult, 'better' | 'segments'>).map((r) => r.segment.segment)).toEqual(['d', 'a', 'c', 'b']);
    expect(rankSegments({ better: 'neither', segments } as Pick<MetricResult, 'better' | 'segments'>).map((r) => r.segment.segment)).toEqual(['d', 'a', 'c', 'b']);
  });
});

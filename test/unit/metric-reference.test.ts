// docs/metrics.md is written from the catalog (npm run docs:metrics); this fails when someone
// changes a metric, parameter or dataset without regenerating it, or edits the file by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { METRICS } from '../../src/engine/metrics/catalog';
import { metricReferenceMarkdown } from '../../src/engine/metrics/reference';
import { DATASETS } from '../../src/shared/catalog/datasets';
import { PARAMS } from '../../src/shared/catalog/params';

const committed = readFileSync(path.resolve(__dirname, '../../docs/metrics.md'), 'utf8');

it('docs/metrics.md is current (regenerate with npm run docs:metrics)', () => {
  expect(committed).toBe(metricReferenceMarkdown());
});

it('names every metric, dataset and parameter once', () => {
  const headings = [...committed.matchAll(/^### `([a-z0-9_]+)` — /gm)].map((m) => m[1]);
  expect(headings.sort()).toEqual([...METRICS.map((m) => m.id), ...DATASETS.map((d) => d.id)].sort());
  for (const p of PARAMS) expect(committed.split(`| \`${p.id}\` |`).length - 1, p.id).toBe(1);
});

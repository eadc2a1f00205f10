// The KPI cards (the UI's English resource file) and the report and CLI (the catalog's English
// label) must name a metric alike: a finance user matching a card to a report row by its name
// once found 22 of 70 differing ("CAC" on the card, "Customer acquisition cost" in the sheet).
import { expect, it } from 'vitest';
import en from '../../src/renderer/i18n/en.json';
import { METRICS } from '../../src/engine/metrics/catalog';

it('every catalog metric has the same English name on the cards as in the report', () => {
  const ui = (en as { metric: Record<string, string> }).metric;
  const differing = METRICS.filter((m) => ui[m.id] !== m.label).map((m) => `${m.id}: card "${ui[m.id]}" vs report "${m.label}"`);
  expect(differing).toEqual([]);
});

// Ids the engine writes into metric tables (a response's band, a health band, a survey kind) shown
// as words of the reader's language; every other cell (names from the data, numbers) as it is.
import type { MetricTableCell } from '../types';

/** Table columns whose text cells are ids, and the ids each may hold (the keys tableValue.<column>.<id>). */
export const TABLE_VALUE_IDS: Readonly<Record<string, readonly string[]>> = {
  band: ['promoter', 'passive', 'detractor', 'promoters', 'passives', 'detractors', 'positive', 'negative', 'unscored', 'red', 'yellow', 'green'],
  score: ['invalid'],
  survey: ['nps', 'csat', 'ces', 'esat', 'unknown'],
};

/** Ids whose names the resources already hold elsewhere: an NPS band's (npsBand.*), a survey kind's (survey.*). */
const NAMED_ELSEWHERE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  band: { promoter: 'npsBand.promoter', passive: 'npsBand.passive', detractor: 'npsBand.detractor' },
  survey: { nps: 'survey.nps', csat: 'survey.csat', ces: 'survey.ces', esat: 'survey.esat' },
};

/** The resource key naming a cell, or null when the cell is data to show as it is. */
export function tableValueKey(column: string, cell: MetricTableCell): string | null {
  if (typeof cell !== 'string' || !TABLE_VALUE_IDS[column]?.includes(cell)) return null;
  return NAMED_ELSEWHERE[column]?.[cell] ?? `tableValue.${column}.${cell}`;
}

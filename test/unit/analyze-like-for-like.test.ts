// Honest periods through the real catalog: a partial current period is compared with the same elapsed
// days of the previous period and of the same period last year (activity), balances on the same
// elapsed day; lastComplete analyzes the last complete period instead. Every expected number below
// is counted by hand from the listed tickets (comments say which tickets).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { analyze } from '../../src/engine/metrics/analyze';
import type { AnalysisOptions, MappingFile } from '../../src/shared/types';
import { createImportedTable } from '../fixtures/importedTable';

/** Tickets as [id, created, resolved | null]. */
async function run(tickets: Array<[string, string, string | null]>, options: AnalysisOptions) {
  const db = await openDatabase();
  const t = createImportedTable(db, 'tickets_csv', [
    { name: 'Ticket ID', type: 'text' }, { name: 'Created', type: 'datetime' }, { name: 'Solved', type: 'datetime' },
  ], tickets, { source: 'tickets.csv' });
  const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created', resolved_at: 'Solved' } }] };
  const issues = applyMapping(db, [t], mapping);
  const r = analyze(db, [t], mapping, issues, { metrics: ['ticket_volume', 'backlog'], ...options });
  const metric = (id: string) => r.metrics.find((m) => m.id === id)!;
  return { r, volume: metric('ticket_volume'), backlog: metric('backlog') };
}

describe('like-for-like comparisons', () => {
  // Online retail's case: the data ends on 2011-12-09, 9 of December's 31 days.
  const gregorian: Array<[string, string, string | null]> = [
    ['1', '2010-12-03 10:00:00', '2010-12-04 10:00:00'],
    ['2', '2010-12-15 10:00:00', null],
    ['9', '2011-11-01 10:00:00', '2011-11-15 10:00:00'],
    ['3', '2011-11-02 10:00:00', '2011-11-20 10:00:00'],
    ['4', '2011-11-05 10:00:00', null],
    ['5', '2011-11-09 10:00:00', null],
    ['6', '2011-11-25 10:00:00', '2011-11-26 10:00:00'],
    ['7', '2011-12-01 10:00:00', null],
    ['8', '2011-12-09 10:00:00', '2011-12-09 12:00:00'],
  ];

  it('gregorian: December 1–9 against November 1–9 and December 1–9 of 2010', async () => {
    const { r, volume, backlog } = await run(gregorian, {});
    expect(r.asOf).toBe('2011-12-09');
    expect(volume.period).toBe('2011-12');
    expect(volume.periodProgress).toEqual({ elapsedDays: 9, totalDays: 31, partial: true });
    expect(volume.value).toBe(2); // tickets 7, 8
    // November 1–9: tickets 9, 3, 4, 5 (the whole of November would be 5, with ticket 6).
    expect(volume.comparisons?.previous).toEqual({ period: '2011-11', value: 4, from: '2011-11-01', to: '2011-11-09', partial: true });
    // December 1–9 2010: ticket 1 only (ticket 2 on the 15th is outside the window).
    expect(volume.comparisons?.yoy).toEqual({ period: '2010-12', value: 1, from: '2010-12-01', to: '2010-12-09', partial: true });
    // Backlog (older than 48 h, unresolved) at the end of 9 December: tickets 2, 4, 5, 7.
    expect(backlog.value).toBe(4);
    // At the end of 9 November: 2, 9 (resolved on the 15th), 3 (on the 20th), 4 → 4; on 30 November it would be 3.
    expect(backlog.comparisons?.previous?.value).toBe(4);
    // At the end of 9 December 2010: ticket 1 was resolved on the 4th, ticket 2 not created yet → 0.
    expect(backlog.comparisons?.yoy?.value).toBe(0);
  });

  it('lastComplete: November 2011 against the whole of October, no year-ago period in the data', async () => {
    const { r, volume } = await run(gregorian, { lastComplete: true });
    expect(r.asOf).toBe('2011-11-30');
    expect(r.dataAsOf).toBe('2011-12-09');
    expect(r.issues.some((i) => i.code === 'last_complete_period' && /2011-12 is partial \(9 of 31 days/.test(i.message))).toBe(true);
    expect(volume.period).toBe('2011-11');
    expect(volume.periodProgress).toEqual({ elapsedDays: 30, totalDays: 30, partial: false });
    expect(volume.value).toBe(5); // tickets 9, 3, 4, 5, 6
    expect(volume.comparisons?.previous).toEqual({ period: '2011-10', value: 0, from: '2011-10-01', to: '2011-10-31', partial: false });
    // November 2010 is before the first period of the data (December 2010): no comparison.
    expect(volume.comparisons?.yoy).toBeUndefined();
  });

  it('a complete month is compared with the whole previous month, even a longer one', async () => {
    // November (30 days) complete against October (31): all of October, not its first 30 days.
    const { volume } = await run([
      ['1', '2024-10-01 09:00:00', null], ['2', '2024-10-31 09:00:00', null], ['3', '2024-11-30 09:00:00', null],
    ], {});
    expect(volume.periodProgress?.partial).toBe(false);
    expect(volume.comparisons?.previous).toEqual({ period: '2024-10', value: 2, from: '2024-10-01', to: '2024-10-31', partial: false });
  });

  it('persian: 11 days into 1403-Q1 against the first 11 days of 1402-Q4 and of 1402-Q1', async () => {
    const { volume } = await run([
      ['a', '2023-03-21 09:00:00', null], // 1 Farvardin 1402: day 1 of 1402-Q1 (year-ago window)
      ['b', '2023-03-31 09:00:00', null], // 11 Farvardin 1402: day 11, in
      ['c', '2023-04-01 09:00:00', null], // day 12, out
      ['d', '2023-12-21 09:00:00', null], // 30 Azar 1402: last day of 1402-Q3
      ['e', '2023-12-22 09:00:00', null], // 1 Dey 1402: day 1 of 1402-Q4
      ['e2', '2023-12-25 09:00:00', null],
      ['f', '2024-01-01 09:00:00', null], // 11 Dey: day 11, in
      ['g', '2024-01-02 09:00:00', null], // day 12, out
      ['h', '2024-03-19 09:00:00', null], // 29 Esfand 1402: last day of 1402-Q4
      ['j', '2024-03-30 09:00:00', null], // 11 Farvardin 1403: the as-of date
    ], { period: 'quarter', calendar: 'persian' });
    expect(volume.period).toBe('1403-Q1');
    expect(volume.periodProgress).toEqual({ elapsedDays: 11, totalDays: 93, partial: true });
    expect(volume.value).toBe(1); // j
    expect(volume.comparisons?.previous).toEqual({ period: '1402-Q4', value: 3, from: '2023-12-22', to: '2024-01-01', partial: true }); // e, e2, f (whole quarter: 5)
    expect(volume.comparisons?.yoy).toEqual({ period: '1402-Q1', value: 2, from: '2023-03-21', to: '2023-03-31', partial: true }); // a, b (whole quarter: 3)
  });

  it('buddhist: 10 days of 2567-02 against 2567-01-01..10 and 2566-02-01..10', async () => {
    const { volume } = await run([
      ['1', '2023-02-01 09:00:00', null], ['2', '2023-02-10 23:00:00', null], ['3', '2023-02-11 09:00:00', null],
      ['4', '2024-01-05 09:00:00', null], ['5', '2024-01-11 09:00:00', null],
      ['6', '2024-02-03 09:00:00', null], ['7', '2024-02-07 09:00:00', null], ['8', '2024-02-10 09:00:00', null],
    ], { calendar: 'buddhist' });
    expect(volume.period).toBe('2567-02');
    expect(volume.periodProgress).toEqual({ elapsedDays: 10, totalDays: 29, partial: true });
    expect(volume.value).toBe(3); // 6, 7, 8
    expect(volume.comparisons?.previous).toEqual({ period: '2567-01', value: 1, from: '2024-01-01', to: '2024-01-10', partial: true }); // 4
    expect(volume.comparisons?.yoy).toEqual({ period: '2566-02', value: 2, from: '2023-02-01', to: '2023-02-10', partial: true }); // 1, 2
  });

  it('roc: 133 days of 113 against the first 133 days of 112 (13 May in a non-leap year)', async () => {
    const { volume } = await run([
      ['1', '2023-01-01 09:00:00', null], ['2', '2023-03-01 09:00:00', null], ['3', '2023-05-13 09:00:00', null],
      ['4', '2023-05-14 09:00:00', null], ['5', '2023-12-31 09:00:00', null],
      ['6', '2024-02-29 09:00:00', null], ['7', '2024-05-12 09:00:00', null],
    ], { period: 'year', calendar: 'roc' });
    expect(volume.period).toBe('113');
    expect(volume.periodProgress).toEqual({ elapsedDays: 133, totalDays: 366, partial: true });
    expect(volume.value).toBe(2); // 6, 7
    const window = { period: '112', value: 3, from: '2023-01-01', to: '2023-05-13', partial: true }; // 1, 2, 3 (whole year: 5)
    expect(volume.comparisons?.previous).toEqual(window);
    expect(volume.comparisons?.yoy).toEqual(window);
  });
});

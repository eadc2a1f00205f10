// Sorting a table-valued metric (the agent leaderboard) under its card: numbers by value, text by
// the UI language's collation, empty cells last either way. Expected orders written by hand.
import { describe, expect, it } from 'vitest';
import { sortRows } from '../../src/renderer/components/MetricTable';

const board: Array<Array<string | number | null>> = [
  [1, 'Sara', 40, 0.82],
  [2, 'agent 10', 35, null],
  [3, 'agent 9', 51, 0.64],
  [4, 'Ömer', 12, 0.91],
];

describe('sortRows', () => {
  it('numbers by value, descending and ascending, empty last both ways', () => {
    expect(sortRows(board, 2, 'desc').map((r) => r[1])).toEqual(['agent 9', 'Sara', 'agent 10', 'Ömer']);
    expect(sortRows(board, 3, 'desc').map((r) => r[1])).toEqual(['Ömer', 'Sara', 'agent 9', 'agent 10']);
    expect(sortRows(board, 3, 'asc').map((r) => r[1])).toEqual(['agent 9', 'Sara', 'Ömer', 'agent 10']);
  });
  it('text with numbers inside in natural order (agent 9 before agent 10)', () => {
    expect(sortRows(board, 1, 'asc', 'en').map((r) => r[1])).toEqual(['agent 9', 'agent 10', 'Ömer', 'Sara']);
  });
  it('leaves the input untouched', () => {
    sortRows(board, 2, 'asc');
    expect(board.map((r) => r[0])).toEqual([1, 2, 3, 4]);
  });
});

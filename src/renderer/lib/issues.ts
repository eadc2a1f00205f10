// Issues as grid filters: clicking an issue shows its rows.
import type { FilterSpec, Issue } from '../../shared/types';

/**
 * The rows of an issue as a grid filter: every invalid or blank cell of the column for the
 * import's own findings (exact), else the example rows the issue lists.
 */
export function issueFilter(issue: Issue, fromImport: boolean): FilterSpec | null {
  if (fromImport && issue.column && issue.code === 'invalid_value') return { column: issue.column, kind: 'invalid' };
  if (fromImport && issue.column && issue.code === 'blank_cells') return { column: issue.column, kind: 'text', op: 'blank' };
  return issue.rows.length > 0 ? { column: '__row', kind: 'rows', rows: issue.rows } : null;
}

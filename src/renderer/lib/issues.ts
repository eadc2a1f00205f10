// Issues as grid filters: clicking an issue shows its rows.
import type { FilterSpec, Issue } from '../../shared/types';
import { issueKey } from '../../shared/i18n/issues';

/**
 * The rows of an issue as a grid filter: every invalid or blank cell of the column for the
 * import's own findings (exact), else the example rows the issue lists.
 */
export function issueFilter(issue: Issue, fromImport: boolean): FilterSpec | null {
  if (fromImport && issue.column && issue.code === 'invalid_value') return { column: issue.column, kind: 'invalid' };
  if (fromImport && issue.column && issue.code === 'blank_cells') return { column: issue.column, kind: 'text', op: 'blank' };
  return issue.rows.length > 0 ? { column: '__row', kind: 'rows', rows: issue.rows } : null;
}

/** A piece of an issue's text: plain words, or a value (name, number) to isolate for bidi. */
export type IssuePart = { text: string } | { value: string };

type Translate = (key: string, options?: Record<string, unknown>) => string;

const TOKEN = '\u0000';

/**
 * An issue's text in the UI language, from `issue.<code>` and the issue's params; the engine's
 * English message when the language has no such key or the params do not fill its placeholders.
 * Values come back as separate parts so the caller isolates them (a Persian column name at the start
 * of an English-shaped sentence otherwise reorders it).
 */
export function issueParts(issue: Issue, t: Translate, lookup: (key: string) => string | undefined, language: string): IssuePart[] {
  const fallback = (): IssuePart[] => (issue.column && !issue.message.includes(issue.column)
    ? [{ value: issue.column }, { text: ': ' }, { value: issue.message }]
    : [{ value: issue.message }]);
  const key = issueKey(issue, lookup);
  const template = lookup(key);
  if (!template || !issue.params) return fallback();
  const count = typeof issue.params.count === 'number' ? issue.params.count : issue.count;
  const number = new Intl.NumberFormat(language);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(issue.params)) values[k] = typeof v === 'number' ? number.format(v) : v;
  if (count !== undefined) values.n = number.format(count);
  const needed = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
  if (needed.some((k) => values[k] === undefined)) return fallback();
  if (values.dataset) values.dataset = t(`dataset.${values.dataset}`, { defaultValue: values.dataset });
  if (values.type) values.type = t(`columnType.${values.type}`, { defaultValue: t(`field.${values.type}`, { defaultValue: values.type }) });
  const names = Object.keys(values);
  const tokens = Object.fromEntries(names.map((k, i) => [k, `${TOKEN}${i}${TOKEN}`]));
  const text = t(key, { ...tokens, interpolation: { escapeValue: false } });
  return text.split(TOKEN).map((piece, i) => (i % 2 === 1 ? { value: values[names[Number(piece)]!] ?? '' } : { text: piece })).filter((p) => ('text' in p ? p.text !== '' : true));
}

/** The parts as plain text, values wrapped in Unicode first-strong isolates (U+2068 … U+2069). */
export function issuePlainText(parts: readonly IssuePart[]): string {
  return parts.map((p) => ('text' in p ? p.text : `\u2068${p.value}\u2069`)).join('');
}

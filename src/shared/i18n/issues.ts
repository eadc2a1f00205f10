// An issue (code + params) as a message of the resource files: shared by the renderer's issue list
// and the engine's metric notes, which repeat the issues of the tables behind a metric.
import type { Issue, MessageValue, TextMessage } from '../types';

/** A resource lookup: the text at a key, or undefined when there is none. */
export type ResourceLookup = (key: string) => string | undefined;

/** The key of an issue's text: `issue.<code>_<action>` where the engine's action (excluded, kept…) has its own text, else `issue.<code>`. */
export function issueKey(issue: Issue, lookup: ResourceLookup): string {
  const action = typeof issue.params?.action === 'string' ? `issue.${issue.code}_${issue.params.action}` : null;
  return action && lookup(action) ? action : `issue.${issue.code}`;
}

/**
 * The issue as a message: its params as values, the affected-row count as `n`, the dataset and
 * column type as nested messages (their names in the reader's language). Null when the resources
 * have no text for it or its params do not fill the text's placeholders (the English message stands).
 */
export function issueMessage(issue: Issue, lookup: ResourceLookup): TextMessage | null {
  const key = issueKey(issue, lookup);
  const template = lookup(key);
  if (!template || !issue.params) return null;
  const values: Record<string, MessageValue> = { ...issue.params };
  const count = typeof issue.params.count === 'number' ? issue.params.count : issue.count;
  if (count !== undefined) values.n = count;
  const needed = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
  if (needed.some((k) => values[k] === undefined)) return null;
  const named = (prefixes: string[], id: MessageValue | undefined): MessageValue | undefined => {
    if (typeof id !== 'string') return id;
    const found = prefixes.map((p) => `${p}.${id}`).find((k) => lookup(k) !== undefined);
    return found ? { key: found } : id;
  };
  if (values.dataset !== undefined) values.dataset = named(['dataset'], values.dataset)!;
  if (values.type !== undefined) values.type = named(['columnType', 'field'], values.type)!;
  return { key, values };
}

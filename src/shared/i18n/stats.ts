// Labels of the statistics a metric reports (MetricResult.stats): `stat.<key>` in the resource files;
// keys made from data (a channel's share, a score's count, a cohort age) are one label with the value.
import type { TextMessage } from '../types';

const DYNAMIC: ReadonlyArray<[RegExp, (m: RegExpExecArray) => TextMessage]> = [
  [/^share\.(.+)$/, (m) => ({ key: 'stat.share', values: { value: m[1]! } })],
  [/^score_(\d+)$/, (m) => ({ key: 'stat.score', values: { score: Number(m[1]) } })],
  [/^(logo|revenue)_k(\d+)$/, (m) => ({ key: `stat.${m[1]}_k`, values: { k: Number(m[2]) } })],
  [/^([a-z]+)_invalid$/, (m) => ({ key: 'stat.invalidOf', values: { kind: m[1]! } })],
];

/** The label of a stat key as a message. */
export function statMessage(key: string): TextMessage {
  for (const [re, make] of DYNAMIC) {
    const m = re.exec(key);
    if (m) return make(m);
  }
  return { key: `stat.${key}` };
}

/**
 * A stat's text value as messages when it is a code the resources name (a variant, the CES
 * direction, where a duration came from, health components — a list is one message per item, for
 * Intl.ListFormat to join); null for values from the data (a channel, an agent), shown as they are.
 */
export function statValueMessages(key: string, value: string, lookup: (key: string) => string | undefined): TextMessage[] | null {
  const named = (k: string): TextMessage | null => (lookup(k) !== undefined ? { key: k } : null);
  if (key === 'variant') { const m = named(`variant.${value}`); return m ? [m] : null; }
  if (key === 'direction' || key === 'duration_source') { const m = named(`statValue.${key}.${value}`); return m ? [m] : null; }
  if (key === 'components') {
    const items = value.split(/,\s*/).map((c) => named(`paramKey.health.weights.${c}`));
    return items.every((m): m is TextMessage => m !== null) ? items : null;
  }
  return null;
}

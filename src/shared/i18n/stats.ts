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

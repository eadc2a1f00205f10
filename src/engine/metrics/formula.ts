// A metric's formula is a message: a key of the resource files (formula.<metric id>, or
// formula.<metric id>.<variant>) and the values of its placeholders. The English text there is the
// `formula` string of the API, the CLI's JSON and docs/metrics.md; the UI and the report localize the
// message itself (src/shared/i18n/messages.ts).
import type { MessageValue, TextMessage } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';
import type { MetricDef, MetricOutput, Params } from './types';

export function msg(key: string, values?: Readonly<Record<string, MessageValue>>): TextMessage {
  return values ? { key, values } : { key };
}

/** The two formula fields of a metric from its message: the message, and its English text. */
export function formulaOf(message: (p: Params) => TextMessage): Pick<MetricDef, 'formula' | 'formulaMessage'> {
  return { formulaMessage: message, formula: (p) => messageText(message(p), 'en') };
}

/** A metric whose formula is the one string formula.<id>. */
export const fixedFormula = (id: string): Pick<MetricDef, 'formula' | 'formulaMessage'> => formulaOf(() => msg(`formula.${id}`));

/** A metric output's notes from messages (note.<id>): `notes` in English (CLI, JSON) and the messages aligned with them. */
export function noteOutput(...items: ReadonlyArray<TextMessage>): Required<Pick<MetricOutput, 'notes' | 'noteMessages'>> {
  return {
    notes: items.map((n) => messageText(n, 'en')),
    noteMessages: [...items],
  };
}

/** A duration of whole hours, minutes or seconds ("24 h", "3 min", "45 s"), in the reader's language. */
export function durationMessage(seconds: number): TextMessage {
  if (seconds % 3600 === 0) return msg('message.hours', { n: seconds / 3600 });
  if (seconds % 60 === 0) return msg('message.minutes', { n: seconds / 60 });
  return msg('message.seconds', { n: seconds });
}

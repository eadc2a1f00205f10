// A message of the engine (a metric's formula or benchmark: { key, values }) in the UI language,
// from the resource files; values, and the field and parameter ids the text names, in <bdi> so a
// Persian sentence keeps its order around them; numbers in the UI's digits.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextMessage } from '../../shared/types';
import { directionOf } from '../../shared/i18n';
import { messageNumberFormat, messageParts, type MessagePart } from '../../shared/i18n/messages';
import { useLocaleTag } from '../i18n';

function useParts(): (message: TextMessage) => MessagePart[] {
  const { t } = useTranslation();
  const locale = useLocaleTag();
  return useMemo(() => {
    const format = messageNumberFormat(locale);
    return (message: TextMessage) => messageParts(message, (key, vars) => t(key, { ...vars, interpolation: { escapeValue: false } }) as string, format);
  }, [t, locale]);
}

export function EngineMessage({ message }: { message: TextMessage }) {
  const partsOf = useParts();
  const parts = useMemo(() => partsOf(message), [partsOf, message]);
  return <>{parts.map((p, i) => ('text' in p ? <span key={i}>{p.text}</span> : <bdi key={i}>{p.value}</bdi>))}</>;
}

/** A message as plain text (a title attribute): values in Unicode isolates in a right-to-left language. */
export function useEngineText(): (message: TextMessage) => string {
  const partsOf = useParts();
  const { i18n } = useTranslation();
  const rtl = directionOf(i18n.language) === 'rtl';
  return (message) => partsOf(message).map((p) => ('text' in p ? p.text : rtl ? `\u2068${p.value}\u2069` : p.value)).join('');
}

/** A metric's note: from the resource files when the engine gave it as a message, else its English text (data-engine-text). */
export function NoteText({ note, message }: { note: string; message?: TextMessage | null }) {
  return message ? <span><EngineMessage message={message} /></span> : <span data-engine-text>{note}</span>;
}

/** What went wrong, in the UI language when the engine gave its message, else its English. */
export function ProblemText({ problem }: { problem: { message: string; text?: TextMessage } }) {
  return problem.text ? <span><EngineMessage message={problem.text} /></span> : <span dir="auto" data-engine-text>{problem.message}</span>;
}

/** The same as plain text, to put inside a sentence of the resources ("Something went wrong: …"). */
export function useProblemText(): (problem: { message: string; text?: TextMessage }) => string {
  const engineText = useEngineText();
  return (problem) => (problem.text ? engineText(problem.text) : problem.message);
}

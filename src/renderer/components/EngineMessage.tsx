// A message of the engine (a metric's formula: { key, values }) in the UI language, from the
// resource files; values, and the field and parameter ids the text names, in <bdi> so a Persian
// sentence keeps its order around them; numbers in the UI's digits.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextMessage } from '../../shared/types';
import { messageNumberFormat, messageParts } from '../../shared/i18n/messages';
import { useLocaleTag } from '../i18n';

export function EngineMessage({ message }: { message: TextMessage }) {
  const { t } = useTranslation();
  const locale = useLocaleTag();
  const parts = useMemo(() => messageParts(message,
    (key, vars) => t(key, { ...vars, interpolation: { escapeValue: false } }) as string, messageNumberFormat(locale)), [message, t, locale]);
  return <>{parts.map((p, i) => ('text' in p ? <span key={i}>{p.text}</span> : <bdi key={i}>{p.value}</bdi>))}</>;
}

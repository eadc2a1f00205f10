// The engine's texts as messages ({ key, values }, see TextMessage in ../types): one way to turn a
// message into text for the renderer (i18next's t), the report and the CLI (translate below), so that
// a formula reads the same everywhere. Values come back as separate parts: the caller isolates them
// for bidi (a Latin id or a number inside a Persian sentence otherwise reorders its neighbours).
import type { MessageValue, TextMessage } from '../types';
import { directionOf, localeTag, translate, type DigitsChoice } from './index';
import { latinDigits } from '../digits';

/** A piece of a message's text: words of the resource string, or a value / id to isolate. */
export type MessagePart = { text: string } | { value: string };

/** A number as text in the reader's digits; with `fractionDigits`, exactly that many. */
export type NumberFormatter = (n: number, fractionDigits?: number) => string;

/**
 * Looks a key up with its placeholders filled (i18next's t, or translate() bound to a language);
 * `count`, when given, selects the plural form (key_one, key_other…).
 */
export type MessageTranslate = (key: string, vars: Record<string, string | number>) => string;

const TOKEN = '\u0000';

/**
 * Field, parameter and table ids written inside a resource string (start_date, backlog.age,
 * tickets.csat, Intl.Segmenter): Latin runs joined by _ or . that stay as they are in every language.
 */
const ID_PATTERN = /([A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+)/;

/** The names of the {{placeholders}} of a resource string. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
}

/** Every placeholder name a message passes, nested messages included (keyed by their own key). */
export function messageKeys(message: TextMessage, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const names = out.get(message.key) ?? new Set<string>();
  out.set(message.key, names);
  for (const [name, value] of Object.entries(message.values ?? {})) {
    names.add(name);
    if (typeof value === 'object' && 'key' in value) messageKeys(value, out);
  }
  return out;
}

/**
 * A message as parts: the resource string of its key with each placeholder replaced by its value
 * (a number through `formatNumber`, a nested message by its own parts), ids in the text split out.
 */
export function messageParts(message: TextMessage, tr: MessageTranslate, formatNumber: NumberFormatter): MessagePart[] {
  const entries = Object.entries(message.values ?? {});
  const valueParts = (v: MessageValue): MessagePart[] => (typeof v === 'number' ? [{ value: formatNumber(v) }]
    : typeof v === 'string' ? [{ value: v }] : 'key' in v ? messageParts(v, tr, formatNumber)
      : [{ value: formatNumber(v.number, v.fractionDigits) }]);
  const tokens: Record<string, string | number> = Object.fromEntries(entries.map(([name], i) => [name, `${TOKEN}${i}${TOKEN}`]));
  // A message's number `n` selects the plural form; the text shows it through {{n}}, formatted.
  const n = message.values?.n;
  if (typeof n === 'number') tokens.count = n;
  // Digits written in the text (Persian ۳۰٫۴۴) follow the numbers' digits when those are Latin.
  const latin = formatNumber(0) === '0';
  const out: MessagePart[] = [];
  tr(message.key, tokens).split(TOKEN).forEach((piece, i) => {
    if (i % 2 === 1) { out.push(...valueParts(entries[Number(piece)]![1])); return; }
    if (latin) piece = latinDigits(piece).replace(/(\d)\u066b(\d)/g, '$1.$2');
    piece.split(ID_PATTERN).forEach((p, j) => { if (p !== '') out.push(j % 2 === 1 ? { value: p } : { text: p }); });
  });
  // Adjacent words (an id split out and put back) read as one run.
  return out.reduce<MessagePart[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (last && 'text' in last && 'text' in p) last.text += p.text;
    else acc.push({ ...p });
    return acc;
  }, []);
}

/** Numbers of a message as written in the language's digits, without grouping (ids, thresholds, hours). */
export function messageNumberFormat(locale: string): NumberFormatter {
  const format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 });
  return (n, fractionDigits) => (fractionDigits === undefined ? format.format(n)
    : new Intl.NumberFormat(locale, { useGrouping: false, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(n));
}

/**
 * A message as plain text in a language (the report, the CLI, the English `formula`): values are
 * wrapped in Unicode first-strong isolates (U+2068 … U+2069) in a right-to-left language.
 */
export function messageText(message: TextMessage, language: string, digits: DigitsChoice = 'auto'): string {
  const isolate = directionOf(language) === 'rtl';
  const parts = messageParts(message, (key, vars) => translate(language, key, vars), messageNumberFormat(localeTag(language, digits)));
  return parts.map((p) => ('text' in p ? p.text : isolate ? `\u2068${p.value}\u2069` : p.value)).join('');
}

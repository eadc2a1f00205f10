// An error in the language of `--lang` when the engine gave it as a message (a file, workspace or
// parameter it refused); English otherwise, and always for `--json`-minded scripts without --lang.
import { errorText } from '../shared/rpc';
import { messageText } from '../shared/i18n/messages';
import { issueMessage } from '../shared/i18n/issues';
import { matchLanguage, resourceText, type UiLanguage } from '../shared/i18n';
import type { Issue } from '../shared/types';

export function errorInLanguage(err: unknown, argv: readonly string[]): string {
  const english = err instanceof Error ? err.message : String(err);
  const at = argv.indexOf('--lang');
  const language = matchLanguage(at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length));
  const text = errorText(err);
  return text && language ? messageText(text, language) : english;
}

/** An import or mapping issue in a language: its message when the engine gave one, else its code's text, else its English. */
export function issueInLanguage(issue: Issue, language: UiLanguage): string {
  if (language === 'en') return issue.message;
  const lookup = (key: string) => resourceText(language, key) ?? resourceText('en', key);
  const message = issue.text ?? issueMessage(issue, lookup);
  return message ? messageText(message, language) : issue.message;
}

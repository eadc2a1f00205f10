// An error in the language of `--lang` when the engine gave it as a message (a file, workspace or
// parameter it refused); English otherwise, and always for `--json`-minded scripts without --lang.
import { errorText } from '../shared/rpc';
import { messageText } from '../shared/i18n/messages';
import { matchLanguage } from '../shared/i18n';

export function errorInLanguage(err: unknown, argv: readonly string[]): string {
  const english = err instanceof Error ? err.message : String(err);
  const at = argv.indexOf('--lang');
  const language = matchLanguage(at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length));
  const text = errorText(err);
  return text && language ? messageText(text, language) : english;
}

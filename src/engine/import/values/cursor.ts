// The position of a value scanner in the cell text it reads, with the low-level reads the date and
// duration scanners share. Scanners extend it and keep their own state: no module-level cursor.
import { digitOf, isIgnorable, isSpace } from './chars';

export class TextCursor {
  protected str = '';
  protected p = 0;
  protected end = 0;

  /** Starts reading `text` from its first character; trailing spaces and invisible marks are cut off. */
  protected begin(text: string): void {
    this.str = text;
    this.p = 0;
    let end = text.length;
    while (end > 0 && (isSpace(text.charCodeAt(end - 1)) || isIgnorable(text.charCodeAt(end - 1)))) end--;
    this.end = end;
  }

  protected skipSpaces(): void {
    while (this.p < this.end) {
      const c = this.str.charCodeAt(this.p);
      if (!isSpace(c) && !isIgnorable(c)) break;
      this.p++;
    }
  }

  /** Reads fraction digits at this.p (after the separator) as a fraction, rounded once: '123' → 0.123. */
  protected readFraction(): number {
    let f = 0;
    let digits = 0;
    while (this.p < this.end) {
      const d = digitOf(this.str.charCodeAt(this.p));
      if (d < 0) break;
      if (digits < 15) { f = f * 10 + d; digits++; }
      this.p++;
    }
    return f / 10 ** digits;
  }
}

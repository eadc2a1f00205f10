// Character classes shared by the value parsers. Everything works on UTF-16 char codes so the hot
// paths never allocate: digits of every supported digit set map to 0–9 on the fly.

/** Digit value 0–9 of a char code in ASCII, Persian, Arabic-Indic, Thai or full-width digits; −1 otherwise. */
export function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c < 0x660) return -1;
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0; // Persian ۰–۹
  if (c >= 0x660 && c <= 0x669) return c - 0x660; // Arabic-Indic ٠–٩
  if (c >= 0xe50 && c <= 0xe59) return c - 0xe50; // Thai ๐–๙
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10; // full-width ０–９
  return -1;
}

/** Spaces that separate words or digit groups: ASCII space/tab, NBSP, figure, thin and narrow NBSP… */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x2007 || c === 0x2009 || c === 0x202f
    || c === 0x2002 || c === 0x2003 || c === 0x2008 || c === 0x200a || c === 0x3000 || c === 10 || c === 13;
}

/** Invisible marks that exports sprinkle around values: bidi controls and marks, BOM, ALM. */
export function isIgnorable(c: number): boolean {
  return c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
    || c === 0xfeff || c === 0x61c;
}

/** True when the text is empty or holds only spaces and invisible marks (a blank cell). */
export function isBlankText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isSpace(c) && !isIgnorable(c)) return false;
  }
  return true;
}

/** ASCII letters and the letters of non-Latin scripts (anything non-ASCII that is not a digit, space, mark or listed punctuation). */
export function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (digitOf(c) >= 0 || isSpace(c) || isIgnorable(c)) return false;
  // Punctuation that is not part of words: Arabic comma/percent/separators, dashes, CJK punctuation.
  if (c === 0x60c || c === 0x66a || c === 0x66b || c === 0x66c || c === 0x2212 || c === 0x2013 || c === 0x2014) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return true;
}

/** ASCII lower case of a char code (other scripts unchanged). */
export function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** True when every char of the text is ASCII (then no digit-set mapping or mark removal is needed). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * A set of words looked up straight from a slice of a cell's text (ASCII case-insensitive), without
 * allocating a substring: the hot paths look up words in every text cell of a column.
 */
export class WordTable<V> {
  private readonly buckets = new Map<number, Array<{ word: string; value: V }>>();
  readonly longest: number;

  constructor(entries: Iterable<[string, V]>) {
    let longest = 0;
    for (const [word, value] of entries) {
      const key = word.toLowerCase();
      const h = WordTable.hash(key, 0, key.length);
      let bucket = this.buckets.get(h);
      if (!bucket) this.buckets.set(h, (bucket = []));
      if (!bucket.some((e) => e.word === key)) bucket.push({ word: key, value });
      longest = Math.max(longest, key.length);
    }
    this.longest = longest;
  }

  private static hash(s: string, start: number, end: number): number {
    let h = end - start;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + lowerAscii(s.charCodeAt(i))) | 0;
    return h;
  }

  /** The value of s[start, end) (or of it without one trailing '.'), undefined when not a word here. */
  get(s: string, start: number, end: number): V | undefined {
    const v = this.exact(s, start, end);
    if (v !== undefined || end - start < 2 || s.charCodeAt(end - 1) !== 46) return v;
    return this.exact(s, start, end - 1);
  }

  private exact(s: string, start: number, end: number): V | undefined {
    if (end - start > this.longest) return undefined;
    const bucket = this.buckets.get(WordTable.hash(s, start, end));
    if (!bucket) return undefined;
    outer: for (const e of bucket) {
      if (e.word.length !== end - start) continue;
      for (let i = 0; i < e.word.length; i++) if (lowerAscii(s.charCodeAt(start + i)) !== e.word.charCodeAt(i)) continue outer;
      return e.value;
    }
    return undefined;
  }
}

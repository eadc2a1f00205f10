// Digits of the scripts our users write (Persian ۰–۹, Arabic-Indic ٠–٩, Thai ๐–๙, Devanagari, full-width)
// as Latin 0–9, for text parsed outside the import's hot paths (targets, typed values).
const DIGIT_SETS = [0x06f0, 0x0660, 0x0e50, 0x0966, 0xff10];
const OTHER_DIGITS = /[\u06f0-\u06f9\u0660-\u0669\u0e50-\u0e59\u0966-\u096f\uff10-\uff19]/g;

export function latinDigits(text: string): string {
  return text.replace(OTHER_DIGITS, (c) => {
    const code = c.charCodeAt(0);
    const zero = DIGIT_SETS.find((z) => code >= z && code <= z + 9)!;
    return String(code - zero);
  });
}

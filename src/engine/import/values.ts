// Locale-aware cell values: numbers, booleans, durations and dates as they appear in exports from
// Persian, Thai, Chinese and Western systems. Parsers are pure functions over one cell's text; the
// hot paths (parseNumber, parseDate) walk char codes and allocate nothing but their result.
//
// Numbers (parseNumber): digits of any set (ASCII, Persian ۰–۹, Arabic-Indic ٠–٩, Thai, full-width);
// thousands separators , . space ' ’ ٬ between regular digit groups (1–3 then 3s, or Indian
// lakh grouping 1,23,456); the decimal separator given by the column ('.' or ','), ٫ always;
// currency symbols/codes before or after; '-', '(…)' or a trailing '-' for negatives; '%' → fraction;
// exponents. Integers written with a leading zero ('007', '02134') or with more than 15 digits are
// NOT numbers: they are zip codes, customer ids, card numbers, and reading them as numbers would
// lose digits — such cells keep their column text (see infer.ts), nothing is lost.
export { normalizeDigits, parseBoolean } from './values/text';
export { parseNumber, type DecimalSeparator, type ParsedNumber } from './values/numbers';
export { parseDuration } from './values/durations';
export { parseDate, type DateOrder, type ParsedDate } from './values/dates';

// Locale-aware cell values: numbers, booleans, durations and dates as they appear in exports from
// Persian, Thai, Chinese and Western systems. Parsers are pure functions over one cell's text; the
// hot paths (parseNumber, parseDate) walk char codes and allocate nothing but their result.
// Implementation in ./values/: chars (digit sets, spaces, marks, word tables), numbers, text
// (normalizeDigits, booleans), durations, dates.
//
// Numbers (parseNumber): digits of any set (ASCII, Persian ۰–۹, Arabic-Indic ٠–٩, Thai, full-width);
// thousands separators , . space NBSP thin-space ' ’ ٬ between regular digit groups (1–3 then 3s,
// or Indian lakh grouping 1,23,456); the decimal separator given by the column ('.' or ','), ٫
// always; currency symbols/codes before or after ($ € £ ¥ ﷼ ریال تومان ฿ บาท NT$ US$ 元 円 USD EUR
// THB IRR IRT TWD CNY RMB …, reported as written, codes upper-cased); '-', '(…)' or a trailing '-'
// for negatives; '%' / '٪' → fraction (12% → 0.12); exponents (kind 'decimal').
// Decision on ids: integers written with a leading zero ('007', '02134') or with more than 15
// digits are NOT numbers (null). They are zip codes, customer ids, card numbers; as numbers they
// would lose digits or their zeros. Type inference (infer.ts) then keeps such columns text, so
// nothing is lost; '0', '0.5' and '.5' are numbers.
//
// Booleans (parseBoolean): true/false, yes/no, y/n, t/f, on/off, 1/0 (any digit set), بله/بلی/آری,
// خیر/نه, ใช่/ไม่ใช่, จริง/เท็จ, 是/否, 真/假, 對/錯, 有/無, ja/nein, oui/non, sí/no — case-insensitive.
//
// Durations (parseDuration, seconds): 'H:MM', 'H:MM:SS[.f]' (hours beyond 24 allowed), '2 days
// 03:00:00', '1h 30m', '90 min', '45s', '2 days 3 hours', Persian/Thai/Chinese unit words, ISO 8601
// 'PT1H30M' / 'P1DT2H' / 'P2W'. A bare number is not a duration.
//
// Dates (parseDate): see values/dates.ts. ISO 8601 (with T or space, fractional seconds, Z or
// ±HH:MM offsets converted to UTC), numeric d/m/y with '/', '-', '.' read per `order`, compact
// YYYYMMDD, English/Thai/Persian month names, Chinese 年月日 with 民國, 12-hour times (AM/PM, 上午/
// 下午, ق.ظ/ب.ظ). The year's own range decides its calendar where it can (13xx–14xx Jalali, 24xx–26xx
// Buddhist, 3-digit leading ROC); `calendar` decides what the text leaves open (2-digit years).
export { normalizeDigits, parseBoolean } from './values/text';
export { parseNumber, type DecimalSeparator, type ParsedNumber } from './values/numbers';
export { parseDuration } from './values/durations';
export { parseDate, type DateOrder, type ParsedDate } from './values/dates';

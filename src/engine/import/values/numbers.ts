// Locale-aware number parsing without per-cell allocation: a NumberScanner's scan() reads a cell
// once into the scanner's state (sign, currency, percent, digits, separator positions); interpret()
// then reads that state with '.' or ',' as the decimal separator. The column profiler scans once
// and interprets twice to collect evidence for the column's decimal separator. Each profiler and
// converter owns its scanner: no state is shared through the module.
import { digitOf, isIgnorable, isSpace, lowerAscii } from './chars';

export type DecimalSeparator = '.' | ',';
export interface ParsedNumber { value: number; kind: 'integer' | 'decimal' | 'currency' | 'percent'; currency?: string }

// Normalized separator codes recorded by the scanner.
const DOT = 46, COMMA = 44, SPACE = 32, APOS = 39;
const AR_DECIMAL = 0x66b; // ٫ always a decimal separator
const AR_THOUSANDS = 0x66c; // ٬ always a thousands separator

/** Integers above this many digits (ids, card numbers) would lose digits as doubles: not numbers. */
export const MAX_INTEGER_DIGITS = 15;
const MAX_SEPARATORS = 32;
/** Longer texts are never one number (a double has at most ~770 significant decimal digits). */
const MAX_NUMBER_TEXT = 1000;
const EXACT_LIMIT = (2 ** 53 - 9) / 10;
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

// ---------------------------------------------------------------------------------------------
// Currency symbols and codes, before or after the number. `canonical` is what the column reports.

interface CurrencyToken { text: string; canonical: string; caseless: boolean }
const CURRENCY_TEXTS: Array<[string, string]> = [
  ['$', '$'], ['€', '€'], ['£', '£'], ['¥', '¥'], ['￥', '¥'], ['₩', '₩'], ['₹', '₹'], ['₽', '₽'], ['₺', '₺'],
  ['₫', '₫'], ['₱', '₱'], ['₪', '₪'], ['฿', '฿'], ['﷼', '﷼'], ['元', '元'], ['円', '円'], ['圓', '圓'],
  ['ریال', 'ریال'], ['ريال', 'ریال'], ['تومان', 'تومان'], ['تومن', 'تومان'], ['บาท', 'บาท'],
  ['人民币', '人民币'], ['人民幣', '人民币'], ['新台幣', '新台幣'], ['新臺幣', '新台幣'], ['台幣', '新台幣'], ['臺幣', '新台幣'],
  ['ج.م.', 'ج.م.'], ['ج.م', 'ج.م.'], ['د.إ.', 'د.إ.'], ['د.إ', 'د.إ.'], ['ر.س.', 'ر.س.'], ['ر.س', 'ر.س.'], ['؋', '؋'],
  ['NT$', 'NT$'], ['US$', 'US$'], ['HK$', 'HK$'], ['A$', 'A$'], ['C$', 'C$'], ['S$', 'S$'], ['R$', 'R$'], ['RM', 'RM'], ['Rp', 'Rp'],
];
const CURRENCY_CODES = [
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'RMB', 'TWD', 'NTD', 'HKD', 'THB', 'IRR', 'IRT', 'AED', 'SAR', 'INR', 'CHF',
  'CAD', 'AUD', 'NZD', 'SGD', 'KRW', 'RUB', 'TRY', 'BRL', 'MXN', 'MYR', 'IDR', 'PHP', 'VND', 'SEK', 'NOK', 'DKK',
  'PLN', 'ZAR', 'KWD', 'QAR', 'OMR', 'BHD', 'IQD', 'AFN', 'PKR',
];
const currencyByFirstChar = new Map<number, CurrencyToken[]>();
function addCurrency(text: string, canonical: string, caseless: boolean): void {
  const key = lowerAscii(text.charCodeAt(0));
  let list = currencyByFirstChar.get(key);
  if (!list) currencyByFirstChar.set(key, (list = []));
  list.push({ text: caseless ? text.toLowerCase() : text, canonical, caseless });
  list.sort((a, b) => b.text.length - a.text.length); // longest first: 'NT$' before 'NTD'? both 3; '$' last
}
for (const [text, canonical] of CURRENCY_TEXTS) addCurrency(text, canonical, /[A-Za-z]/.test(text));
for (const code of CURRENCY_CODES) addCurrency(code, code, true);

function isMinus(c: number): boolean {
  return c === 45 || c === 0x2212 || c === 0x2013;
}

/** Scan state of one cell and its interpretation; one scanner per profiler or converter. */
export class NumberScanner {
  // Result of the last interpret() call.
  value = 0;
  kind: ParsedNumber['kind'] = 'integer';

  // Scan state of the last scan() call.
  private sText = '';
  private sNegative = false;
  private sCurrency: string | null = null;
  private sPercent = false;
  private sDigits = 0; // digits in the body (before any exponent)
  private sMantissa = 0; // the body's digits as one integer, exact while sExact
  private sExact = true;
  private sFirstDigitZero = false;
  private sSeparators = 0;
  private readonly sSepCode = new Int32Array(MAX_SEPARATORS);
  private readonly sSepAt = new Int32Array(MAX_SEPARATORS); // digits before the separator
  private sHasExponent = false;
  private sExponent = 0;
  private sBodyStart = 0;
  private sBodyEnd = 0;
  /** Whether the text is only an optional ASCII '-' then ASCII digits and '.' (no marks, spaces, symbols). */
  private sPlain = true;
  private matchedCurrency = '';

  /**
   * Reads the shape of a number into the scan state; false when the text cannot be a number in any
   * separator convention. Accepts signs, '(…)' and trailing '-' for negatives, a currency symbol or
   * code before or after, '%' / '٪', digits of any supported digit set, separators . , ' ’ ٫ ٬ and
   * spaces between digit groups, and an exponent.
   */
  scan(s: string): boolean {
    if (s.length > MAX_NUMBER_TEXT) return false;
    if (this.scanPlain(s)) return true;
    let pos = 0;
    const end = s.length;
    this.sText = s;
    this.sNegative = false;
    this.sCurrency = null;
    this.sPercent = false;
    this.sDigits = 0;
    this.sMantissa = 0;
    this.sExact = true;
    this.sFirstDigitZero = false;
    this.sSeparators = 0;
    this.sHasExponent = false;
    this.sExponent = 0;
    this.sPlain = true;
    let signSeen = false;
    let parenOpen = false;
    let parenClosed = false;

    // Prefix: spaces, sign, '(', currency, '%'.
    while (pos < end) {
      const c = s.charCodeAt(pos);
      if (digitOf(c) >= 0 || c === DOT || c === COMMA || c === AR_DECIMAL) break;
      this.sPlain = this.sPlain && c === 45 && pos === 0;
      if (isSpace(c) || isIgnorable(c)) { pos++; continue; }
      if (isMinus(c) || c === 43) {
        if (signSeen) return false;
        signSeen = true;
        this.sNegative = c !== 43;
        pos++;
        continue;
      }
      if (c === 40) {
        if (parenOpen) return false;
        parenOpen = true;
        pos++;
        continue;
      }
      const n = this.scanMark(s, pos, end);
      if (n === 0) return false;
      pos += n;
    }

    // Body: digits and separators.
    this.sBodyStart = pos;
    while (pos < end) {
      const c = s.charCodeAt(pos);
      const d = digitOf(c);
      if (d >= 0) {
        if (c > 57) this.sPlain = false;
        if (this.sDigits === 0) this.sFirstDigitZero = d === 0;
        if (this.sExact) {
          if (this.sMantissa > EXACT_LIMIT) this.sExact = false;
          else this.sMantissa = this.sMantissa * 10 + d;
        }
        this.sDigits++;
        pos++;
        continue;
      }
      let sep = -1;
      if (c === DOT || c === COMMA || c === AR_DECIMAL) sep = c;
      else if (this.sDigits > 0 && (c === APOS || c === 0x2019)) sep = APOS;
      else if (this.sDigits > 0 && c === AR_THOUSANDS) sep = AR_THOUSANDS;
      else if (this.sDigits > 0 && isSpace(c)) sep = SPACE;
      if (sep >= 0 && pos + 1 < end && digitOf(s.charCodeAt(pos + 1)) >= 0) {
        if (c !== DOT) this.sPlain = false;
        if (this.sSeparators === MAX_SEPARATORS) return false;
        this.sSepCode[this.sSeparators] = sep;
        this.sSepAt[this.sSeparators] = this.sDigits;
        this.sSeparators++;
        pos++;
        continue;
      }
      if ((c === 101 || c === 69) && this.sDigits > 0) {
        // Exponent: e, optional sign, digits.
        let p = pos + 1;
        let expNegative = false;
        if (p < end && (s.charCodeAt(p) === 43 || isMinus(s.charCodeAt(p)))) { expNegative = s.charCodeAt(p) !== 43; p++; }
        let exp = 0;
        let expDigits = 0;
        while (p < end) {
          const e = digitOf(s.charCodeAt(p));
          if (e < 0) break;
          if (exp < 10_000) exp = exp * 10 + e;
          expDigits++;
          p++;
        }
        if (expDigits > 0) {
          this.sHasExponent = true;
          this.sExponent = expNegative ? -exp : exp;
          this.sBodyEnd = pos;
          pos = p;
          break;
        }
      }
      break;
    }
    if (!this.sHasExponent) this.sBodyEnd = pos;
    if (this.sDigits === 0) return false;
    if (pos < end || this.sHasExponent) this.sPlain = false;

    // Suffix: spaces, currency, '%', ')', trailing minus.
    while (pos < end) {
      const c = s.charCodeAt(pos);
      if (isSpace(c) || isIgnorable(c)) { pos++; continue; }
      if (c === 41) {
        if (!parenOpen || parenClosed) return false;
        parenClosed = true;
        pos++;
        continue;
      }
      if (isMinus(c)) {
        if (signSeen || parenOpen) return false;
        signSeen = true;
        this.sNegative = true;
        pos++;
        continue;
      }
      const n = this.scanMark(s, pos, end);
      if (n === 0) return false;
      pos += n;
    }
    if (parenOpen) {
      if (!parenClosed || signSeen) return false;
      this.sNegative = true;
    }
    if (this.sPercent && this.sCurrency !== null) return false;
    return true;
  }

  /** A percent sign or a currency at pos (at most one of each per cell): its length, 0 when neither or repeated. */
  private scanMark(s: string, pos: number, end: number): number {
    const c = s.charCodeAt(pos);
    if (c === 37 || c === 0x66a) {
      if (this.sPercent) return 0;
      this.sPercent = true;
      return 1;
    }
    const n = this.matchCurrency(s, pos, end);
    if (n === 0 || this.sCurrency !== null) return 0;
    this.sCurrency = this.matchedCurrency;
    return n;
  }

  /**
   * Fast path for the most common cells, ASCII '[-][$]digits[.digits]' with at most 15 digits (so the
   * mantissa is exact): stores the scan state exactly as the general scanner would and returns true;
   * false leaves everything else (and anything doubtful) to the general scanner.
   */
  private scanPlain(s: string): boolean {
    const n = s.length;
    if (n > 20) return false;
    let i = 0;
    let negative = false;
    let dollar = false;
    if (i < n && s.charCodeAt(i) === 45) { negative = true; i++; }
    if (i < n && s.charCodeAt(i) === 36) { dollar = true; i++; }
    const bodyStart = i;
    let mantissa = 0;
    let digits = 0;
    let firstDigitZero = false;
    let sepAt = -1;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (digits === 0) firstDigitZero = c === 48;
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        continue;
      }
      // One '.' followed by a digit (a '.' anywhere else is for the general scanner to judge).
      if (c !== DOT || sepAt >= 0 || i + 1 >= n) return false;
      const next = s.charCodeAt(i + 1);
      if (next < 48 || next > 57) return false;
      sepAt = digits;
    }
    if (digits === 0 || digits > MAX_INTEGER_DIGITS) return false;
    this.sText = s;
    this.sNegative = negative;
    this.sCurrency = dollar ? '$' : null;
    this.sPercent = false;
    this.sDigits = digits;
    this.sMantissa = mantissa;
    this.sExact = true;
    this.sFirstDigitZero = firstDigitZero;
    this.sSeparators = sepAt >= 0 ? 1 : 0;
    this.sSepCode[0] = DOT;
    this.sSepAt[0] = sepAt;
    this.sHasExponent = false;
    this.sExponent = 0;
    this.sBodyStart = bodyStart;
    this.sBodyEnd = n;
    this.sPlain = !dollar;
    return true;
  }

  /** Currency seen by the last successful scan() (null when none). */
  get currency(): string | null {
    return this.sCurrency;
  }

  /** Whether the last scanned text had a '%'. */
  get percent(): boolean {
    return this.sPercent;
  }

  /**
   * Reads the last scan with `decimal` as the decimal separator (٫ is always one, ٬ never). Digit
   * groups must be regular (1–3 then 3s, or Indian 1–2, 2s, then 3), one decimal separator at most
   * and last, integer parts without leading zeros ('007' is an id, not 7) and ≤ 15 digits. Sets
   * value/kind; false when the text is not a number in this convention.
   */
  interpret(decimal: DecimalSeparator): boolean {
    const decimalCode = decimal === ',' ? COMMA : DOT;
    const n = this.sSeparators;
    let decimalAt = -1;
    if (n > 0) {
      const last = this.sSepCode[n - 1]!;
      if (last === AR_DECIMAL || last === decimalCode) decimalAt = n - 1;
    }
    const groups = decimalAt >= 0 ? decimalAt : n;
    const intDigits = decimalAt >= 0 ? this.sSepAt[decimalAt]! : this.sDigits;
    if (groups > 0) {
      const groupCode = this.sSepCode[0]!;
      if (groupCode === decimalCode || groupCode === AR_DECIMAL) return false;
      for (let i = 1; i < groups; i++) if (this.sSepCode[i] !== groupCode) return false;
      if (this.sHasExponent) return false;
      if (!this.regularGroups(groups, intDigits, groupCode)) return false;
    }
    if (decimalAt >= 0 && this.sDigits - intDigits === 0) return false;
    if (intDigits > 1 && this.sFirstDigitZero) return false;
    const significantIntDigits = this.sFirstDigitZero ? intDigits - 1 : intDigits;
    if (significantIntDigits > MAX_INTEGER_DIGITS && !this.sHasExponent) return false;

    const scale = (this.sDigits - intDigits) - this.sExponent + (this.sPercent ? 2 : 0);
    let v: number;
    if (this.sExact && scale >= -22 && scale <= 22) {
      v = scale === 0 ? this.sMantissa : scale > 0 ? this.sMantissa / POW10[scale]! : this.sMantissa * POW10[-scale]!;
    } else {
      v = Number(`${this.bodyDigits()}e${-scale}`);
    }
    if (!Number.isFinite(v)) return false;
    this.value = this.sNegative && v !== 0 ? -v : v;
    this.kind = this.sPercent ? 'percent' : this.sCurrency !== null ? 'currency' : decimalAt >= 0 || this.sHasExponent ? 'decimal' : 'integer';
    return true;
  }

  private regularGroups(groups: number, intDigits: number, groupCode: number): boolean {
    const first = this.sSepAt[0]!;
    const last = intDigits - this.sSepAt[groups - 1]!;
    if (first < 1 || last !== 3) return false;
    let western = first <= 3;
    let indian = groupCode === COMMA && first <= 2;
    for (let i = 1; i < groups; i++) {
      const g = this.sSepAt[i]! - this.sSepAt[i - 1]!;
      if (g !== 3) western = false;
      if (g !== 2) indian = false;
    }
    return western || indian;
  }

  /** The body's digits as ASCII (slow path for numbers beyond exact double arithmetic). */
  private bodyDigits(): string {
    let out = '';
    for (let i = this.sBodyStart; i < this.sBodyEnd; i++) {
      const d = digitOf(this.sText.charCodeAt(i));
      if (d >= 0) out += String.fromCharCode(48 + d);
    }
    return out;
  }

  /**
   * Whether the last scanned and interpreted text is exactly how JavaScript prints its value
   * ('-12.5', not '12.50', '.5', '+1', '1,234', '0.0000001' or '-0'): lets the converter skip
   * formatting the value to decide whether the raw text must be kept. Call after interpret(decimal).
   */
  isCanonical(decimal: DecimalSeparator): boolean {
    if (!this.sPlain || this.sSeparators > (decimal === '.' ? 1 : 0) || (this.value === 0 && this.sNegative)) return false;
    if (this.sDigits > MAX_INTEGER_DIGITS) return false;
    if (this.sSeparators === 1) {
      const intDigits = this.sSepAt[0]!;
      if (intDigits === 0) return false;
      if (this.sText.charCodeAt(this.sBodyEnd - 1) === 48) return false; // trailing zero in the fraction
      if (this.sFirstDigitZero && Math.abs(this.value) < 1e-6) return false; // printed with an exponent
    }
    return true;
  }

  /** Whether the last scanned text is only ASCII digits, '.' and a leading '-' (else it never equals a number's canonical text). */
  isPlain(): boolean {
    return this.sPlain;
  }

  /** Length of the currency token at `pos` (0 when none); sets matchedCurrency. */
  private matchCurrency(s: string, pos: number, end: number): number {
    const list = currencyByFirstChar.get(lowerAscii(s.charCodeAt(pos)));
    if (!list) return 0;
    outer: for (const t of list) {
      const n = t.text.length;
      if (pos + n > end) continue;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(pos + i);
        if ((t.caseless ? lowerAscii(c) : c) !== t.text.charCodeAt(i)) continue outer;
      }
      // A code must not run into further letters ('USDA' is not 'USD').
      const after = pos + n < end ? s.charCodeAt(pos + n) : 0;
      if (t.caseless && ((after >= 65 && after <= 90) || (after >= 97 && after <= 122))) continue;
      this.matchedCurrency = t.canonical;
      return n;
    }
    return 0;
  }
}

/** Parses a number written in any supported locale form; null when the text is not one number. */
export function parseNumber(text: string, decimal: DecimalSeparator = '.', scanner = new NumberScanner()): ParsedNumber | null {
  if (!scanner.scan(text) || !scanner.interpret(decimal)) return null;
  const out: ParsedNumber = { value: scanner.value, kind: scanner.kind };
  if (scanner.currency !== null) out.currency = scanner.currency;
  return out;
}

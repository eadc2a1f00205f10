// Text encoding of delimited files: byte-order marks, strict UTF-8, UTF-16 without BOM (by the
// pattern of zero bytes), then the legacy encodings our users' exports come in, each decoded and
// judged by the text it gives (scriptScore.ts); chardet only when no candidate reads as text. The caller can force any encoding TextDecoder or iconv-lite knows.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { scoreDecodedText } from './scriptScore';
import { ImportError } from './types';

/** Encodings detection chooses from (names as reported in TableInfo.encoding). */
export type DetectedEncoding =
  | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1256' | 'windows-874' | 'big5' | 'gb18030' | 'windows-1252';

export interface EncodingChoice {
  /** Lowercase encoding name. */
  encoding: string;
  /** Length of the byte-order mark to skip (0 when none). */
  bomLength: number;
}

/** How many bytes detection looks at: enough for statistics, bounded for huge files. */
const SAMPLE_BYTES = 256 * 1024;

/** chardet names → the encoding we decode with (ISO-8859-1 decodes as its Windows superset). */
const CHARDET_CANDIDATES: Record<string, string> = {
  'windows-1256': 'windows-1256',
  'ISO-8859-6': 'iso-8859-6',
  'windows-874': 'windows-874',
  'Big5': 'big5',
  'GB18030': 'gb18030',
  'windows-1252': 'windows-1252',
  'ISO-8859-1': 'windows-1252',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

export function detectEncoding(bytes: Uint8Array, forced?: string): EncodingChoice {
  const bom = bomOf(bytes);
  if (forced) {
    const encoding = normalizeEncodingName(forced);
    // A BOM of the forced encoding is still not data.
    return { encoding, bomLength: bom && bom.encoding === encoding ? bom.length : 0 };
  }
  if (bom) return { encoding: bom.encoding, bomLength: bom.length };
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES));
  const utf16 = utf16ByZeroPattern(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (isUtf8(sample, sample.length < bytes.length)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: statisticalGuess(sample), bomLength: 0 };
}

const UNICODE_ENCODINGS = new Set(['utf-8', 'utf-16le', 'utf-16be']);

/** Bytes decoded per piece: large enough that per-call costs vanish, small next to the file. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export interface TextEncodingDetection extends EncodingChoice {
  /** Set when detection was unsure: the encoding that came second (for a warning naming it). */
  runnerUp?: string;
  /**
   * UTF-8 judged from the first KBs only: a first full read has to confirm it (openText with
   * `fatal`), since a legacy byte further down would otherwise become U+FFFD silently.
   */
  unconfirmedUtf8?: boolean;
}

/** The encoding to read a file with, from its bytes alone (no decoding of the whole file). */
function detectTextEncoding(bytes: Uint8Array, forced?: string): TextEncodingDetection {
  if (!forced && !bomOf(bytes)) {
    const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES));
    if (!utf16ByZeroPattern(sample)) {
      if (isUtf8(sample, sample.length < bytes.length)) return { encoding: 'utf-8', bomLength: 0, unconfirmedUtf8: true };
      return legacyEncodingOf(bytes);
    }
  }
  return detectEncoding(bytes, forced);
}

/** Guessed from the bytes around the file's non-ASCII characters. */
function legacyEncodingOf(bytes: Uint8Array): TextEncodingDetection {
  const judged = judgeLegacyEncoding(nonAsciiSample(bytes));
  return judged.lowConfidence && judged.runnerUp
    ? { encoding: judged.encoding, bomLength: 0, runnerUp: judged.runnerUp }
    : { encoding: judged.encoding, bomLength: 0 };
}

/** Thrown by a fatal openText source at the first byte sequence that is not UTF-8. */
export class NotUtf8Error extends Error {
  constructor() {
    super('the text is not UTF-8');
    this.name = 'NotUtf8Error';
  }
}

/**
 * Runs `read` with the detected encoding; when UTF-8 guessed from the first KBs turns out wrong
 * further down (`read` reads with a fatal source), runs it again with the legacy encoding the
 * bytes around the non-ASCII characters point to.
 */
export function readWithEncoding<T>(bytes: Uint8Array, forced: string | undefined, read: (detected: TextEncodingDetection) => T): T {
  const detected = detectTextEncoding(bytes, forced);
  try {
    return read(detected);
  } catch (e) {
    if (!(e instanceof NotUtf8Error) || !detected.unconfirmedUtf8) throw e;
    return read(legacyEncodingOf(bytes));
  }
}

/** Decoded text, one piece at a time, so no string ever holds the whole file. */
export interface TextSource {
  /** The next piece (possibly empty), or null once every byte has been decoded. */
  read(): string | null;
  /** Bytes decoded so far (after the BOM) and the characters they gave: for progress estimates. */
  readonly bytesRead: number;
  readonly charsRead: number;
}

/**
 * Decodes the file (after the BOM) `chunkBytes` at a time: TextDecoder for Unicode, iconv-lite for
 * legacy code pages (Node's TextDecoder decodes windows-1252 as Latin-1, turning € and other
 * 0x80–0x9F characters into control characters). Characters split between chunks are carried
 * over by the decoders. `fatal` (UTF-8 only) throws NotUtf8Error instead of writing U+FFFD.
 */
export function openText(bytes: Uint8Array, choice: EncodingChoice, chunkBytes = DEFAULT_CHUNK_BYTES, fatal = false): TextSource {
  const body = bytes.subarray(choice.bomLength);
  const step = Math.max(1, Math.floor(chunkBytes));
  const utf8 = choice.encoding === 'utf-8';
  const decode = pieceDecoder(choice.encoding, fatal && utf8);
  let pos = 0;
  let finished = false;
  const source = {
    bytesRead: 0,
    charsRead: 0,
    read(): string | null {
      if (finished) return null;
      let end = Math.min(body.length, pos + step);
      if (utf8 && end < body.length) end = utf8CharBoundary(body, pos, end);
      const last = end >= body.length;
      const piece = decode(body.subarray(pos, end), last);
      pos = end;
      finished = last;
      source.bytesRead = pos;
      source.charsRead += piece.length;
      return piece;
    },
  };
  return source;
}

function pieceDecoder(encoding: string, fatal: boolean): (chunk: Uint8Array, last: boolean) => string {
  if (UNICODE_ENCODINGS.has(encoding) || !iconv.encodingExists(encoding)) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding, { ignoreBOM: true, fatal });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new ImportError({ key: 'importError.unknownEncoding', values: { encoding } }, 'unknown_encoding');
    }
    if (encoding === 'utf-8') {
      // Pieces end on character boundaries (openText cuts them so): Node decodes UTF-8 about
      // twice as fast without {stream: true}.
      return (chunk) => {
        try {
          return decoder.decode(chunk);
        } catch (e) {
          if (fatal && e instanceof TypeError) throw new NotUtf8Error();
          throw e;
        }
      };
    }
    return (chunk, last) => decoder.decode(chunk, { stream: !last });
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return (chunk, last) => {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return last ? text + (decoder.end() ?? '') : text;
  };
}

/**
 * `end`, moved back to the start of a UTF-8 sequence it would cut; when the piece from `start` is
 * only that one partial character, forward past it instead, so every piece makes progress.
 */
function utf8CharBoundary(bytes: Uint8Array, start: number, end: number): number {
  for (let j = end - 1; j >= start && j >= end - 3; j--) {
    const b = bytes[j];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (j + length <= end) return end;
    return j > start ? j : Math.min(bytes.length, j + length);
  }
  return end;
}

/** Up to SAMPLE_BYTES taken around the file's non-ASCII bytes (what tells encodings apart). */
function nonAsciiSample(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(bytes.length, SAMPLE_BYTES));
  let n = 0;
  for (let i = 0; i < bytes.length && n < out.length; i++) {
    if (bytes[i] < 0x80) continue;
    // The line around it, at most 256 bytes on each side.
    let start = i;
    while (start > 0 && i - start < 256 && bytes[start - 1] !== 0x0a) start--;
    let end = i;
    while (end < bytes.length && end - i < 256 && bytes[end] !== 0x0a) end++;
    const take = Math.min(end + 1, bytes.length) - start;
    const room = Math.min(take, out.length - n);
    out.set(bytes.subarray(start, start + room), n);
    n += room;
    i = end;
  }
  return out.subarray(0, n);
}

/** Canonical lowercase name of an encoding label ("UTF8", "cp1256", "TIS-620" → windows-874…). */
export function normalizeEncodingName(label: string): string {
  const trimmed = label.trim().toLowerCase();
  try {
    return new TextDecoder(trimmed).encoding;
  } catch {
    if (iconv.encodingExists(trimmed)) return trimmed;
    throw new ImportError({ key: 'importError.unknownEncoding', values: { encoding: label } }, 'unknown_encoding');
  }
}

function bomOf(bytes: Uint8Array): { encoding: DetectedEncoding; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 text without a BOM: every ASCII character (delimiters, newlines, digits — present in any
 * table, whatever its script) has a zero high byte, always on the same side of the code unit.
 * Single-byte and UTF-8 text has no zero bytes at all.
 */
function utf16ByZeroPattern(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const units = Math.floor(sample.length / 2);
  if (units < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) zeroEven++;
    if (sample[i + 1] === 0) zeroOdd++;
  }
  // Some characters have a zero low byte too (U+4E00 一, U+0600, surrogates like U+DE00), so
  // ask for a clear majority on one side rather than none on the other.
  const enough = Math.max(1, units * 0.02);
  if (zeroOdd >= enough && zeroEven * 4 < zeroOdd) return 'utf-16le';
  if (zeroEven >= enough && zeroOdd * 4 < zeroEven) return 'utf-16be';
  return null;
}

/** Strict UTF-8 validation; a sequence cut at the end of a truncated sample is fine. */
function isUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return false;
    // Not enough bytes left: fine only when the sample was cut from a longer file.
    if (i + need >= n) return truncated;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/**
 * Legacy encodings detection chooses among, in the order ties go: each is decoded and the decoded
 * text judged (scriptScore.ts). Shift-JIS and EUC-KR are there as runners-up, so that Chinese bytes
 * that read better as Japanese or Korean say so rather than being forced into a Chinese code page.
 */
const LEGACY_CANDIDATES = [
  'windows-1252', 'windows-874', 'windows-1256', 'iso-8859-6', 'gb18030', 'big5', 'shift_jis', 'euc-kr',
] as const;

/** Below this margin (score per non-ASCII byte) between the two best decodings, a warning names the runner-up. */
const CONFIDENT_MARGIN = 0.3;

export interface EncodingJudgement {
  encoding: string;
  /** The second-best decoding and whether the choice was close enough to warn about. */
  runnerUp: string | null;
  lowConfidence: boolean;
}

/** Decodes the sample with every legacy candidate and keeps the one whose text reads as real text. */
export function judgeLegacyEncoding(sample: Uint8Array): EncodingJudgement {
  let highBytes = 0;
  for (const b of sample) if (b >= 0x80) highBytes++;
  if (highBytes === 0) return { encoding: 'windows-1252', runnerUp: null, lowConfidence: false };
  // Drop a character cut at the end of the sample.
  const body = sample.length > 8 ? sample.subarray(0, sample.length - 2) : sample;
  const scored = LEGACY_CANDIDATES.map((encoding, order) => ({
    encoding, order, score: scoreDecodedText(iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding), highBytes),
  }));
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const [best, second] = scored;
  const hint = chardetHint(sample);
  // Nothing reads as text in any candidate: fall back to the general statistical guess.
  if (best.score <= 0 && hint) return { encoding: hint, runnerUp: best.encoding === hint ? second.encoding : best.encoding, lowConfidence: true };
  return { encoding: best.encoding, runnerUp: second.encoding, lowConfidence: best.score - second.score < CONFIDENT_MARGIN || best.score <= 0 };
}

function statisticalGuess(sample: Uint8Array): string {
  return judgeLegacyEncoding(sample).encoding;
}

function chardetHint(sample: Uint8Array): string | null {
  for (const match of chardet.analyse(sample)) {
    const candidate = CHARDET_CANDIDATES[match.name];
    if (candidate && decodesCleanly(sample, candidate)) return candidate;
  }
  return null;
}

function decodesCleanly(sample: Uint8Array, encoding: string): boolean {
  // Drop the last few bytes: the sample may end inside a multi-byte character.
  const body = sample.length > 8 ? sample.subarray(0, sample.length - 4) : sample;
  try {
    new TextDecoder(encoding, { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

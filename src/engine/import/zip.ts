// Reads a zip archive's central directory (without inflating anything) so a workbook can be
// refused before decompression: truncated or corrupt archives, encrypted entries, and zip bombs
// (too much declared output, extreme compression ratios, entries sharing the same compressed data).
import type { TextMessage } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local file header. */
  localHeaderOffset: number;
  /** Offset where the entry's compressed data starts (after the local header). */
  dataOffset: number;
  /** End of the entry's whole local record (header, data, data descriptor): the next record's start. */
  recordEnd: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Offset of the central directory (everything from here on is directory and end record). */
  centralDirectoryOffset: number;
}

export interface ZipLimits {
  /** Total uncompressed bytes the archive may declare. */
  maxTotalUncompressed: number;
  /** Largest uncompressed/compressed ratio accepted for an entry larger than `ratioMinSize`. */
  maxRatio: number;
  /** Entries smaller than this are not ratio-checked (small XML parts compress very well). */
  ratioMinSize: number;
  /**
   * Largest ratio of all entries' uncompressed bytes together to the archive's size, once they
   * pass `totalRatioMinSize`: many entries each just under the per-entry check (60 sheets of
   * 16 MiB in a 2.4 MB file) must not add up to an expansion no single entry is allowed.
   */
  maxTotalRatio: number;
  totalRatioMinSize: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 1024 ** 3,
  // Deflate cannot exceed ~1032:1; real sheet XML stays well under 100:1.
  maxRatio: 200,
  ratioMinSize: 16 * 1024 ** 2,
  maxTotalRatio: 200,
  totalRatioMinSize: 64 * 1024 ** 2,
  maxEntries: 100_000,
};

/** Why an archive was refused; `code` is the ImportError code the caller reports. */
/** `text` is a message (importError.zip.*) the workbook reader puts after the file's name. */
/** A damaged archive; `detail` is the zip structure that is wrong, as a technical note. */
function corrupt(detail: string): ZipProblem {
  return new ZipProblem({ key: 'importError.zip.corrupt', values: { detail } }, 'corrupt_zip');
}

export class ZipProblem extends Error {
  constructor(readonly text: TextMessage, readonly code: 'corrupt_zip' | 'zip_bomb' | 'encrypted_zip') {
    super(messageText(text, 'en'));
    this.name = 'ZipProblem';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Lists the entries of a zip archive from its central directory and checks them against limits. */
export function inspectZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) {
    throw corrupt(`end of central directory not found`);
  }
  let entryCount = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const zip64 = readZip64End(view, eocd);
    entryCount = zip64.entryCount;
    directorySize = zip64.directorySize;
    directoryOffset = zip64.directoryOffset;
  }
  if (directoryOffset + directorySize > eocd || entryCount > limits.maxEntries) {
    throw corrupt(`central directory out of bounds`);
  }

  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  let totalUncompressed = 0;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) {
      throw corrupt(`bad central directory entry`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength + extraLength + commentLength > eocd) {
      throw corrupt(`central directory entry out of bounds`);
    }
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLength), (flags & 0x800) !== 0);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const sizes = readZip64Extra(view, p + 46 + nameLength, extraLength, {
        uncompressed: uncompressedSize === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      });
      uncompressedSize = sizes.uncompressed ?? uncompressedSize;
      compressedSize = sizes.compressed ?? compressedSize;
      localHeaderOffset = sizes.offset ?? localHeaderOffset;
    }
    p += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) {
      throw new ZipProblem({ key: 'importError.zip.encrypted', values: { part: name } }, 'encrypted_zip');
    }
    if (localHeaderOffset + 30 > bytes.length || view.getUint32(localHeaderOffset, true) !== LOCAL_SIGNATURE) {
      throw corrupt(`entry ${name} not found`);
    }
    const dataOffset = localHeaderOffset + 30 + view.getUint16(localHeaderOffset + 26, true) + view.getUint16(localHeaderOffset + 28, true);
    if (dataOffset + compressedSize > bytes.length) {
      throw corrupt(`entry ${name} is cut off`);
    }
    totalUncompressed += uncompressedSize;
    if (totalUncompressed > limits.maxTotalUncompressed) {
      throw new ZipProblem({ key: 'importError.zip.bombTotal', values: { size: formatBytes(limits.maxTotalUncompressed) } }, 'zip_bomb');
    }
    if (uncompressedSize >= limits.ratioMinSize && uncompressedSize > limits.maxRatio * Math.max(1, compressedSize)) {
      const ratio = Math.round(uncompressedSize / Math.max(1, compressedSize));
      throw new ZipProblem({
        key: 'importError.zip.bombRatio',
        values: { part: name, ratio, from: formatBytes(compressedSize), to: formatBytes(uncompressedSize), limit: limits.maxRatio },
      }, 'zip_bomb');
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset, dataOffset, recordEnd: 0 });
  }
  if (totalUncompressed >= limits.totalRatioMinSize && totalUncompressed > limits.maxTotalRatio * bytes.length) {
    const ratio = Math.round(totalUncompressed / Math.max(1, bytes.length));
    throw new ZipProblem({
      key: 'importError.zip.bombTotalRatio',
      values: { n: entries.length, ratio, from: formatBytes(bytes.length), to: formatBytes(totalUncompressed), limit: limits.maxTotalRatio },
    }, 'zip_bomb');
  }
  setRecordEnds(entries, directoryOffset);
  return { entries, centralDirectoryOffset: directoryOffset };
}

/**
 * Each record ends where the next begins. Entries whose compressed data overlap (the trick of
 * non-recursive zip bombs) or run into the central directory are refused.
 */
function setRecordEnds(entries: ZipEntry[], directoryOffset: number): void {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i];
    const next = i + 1 < sorted.length ? sorted[i + 1] : null;
    entry.recordEnd = next ? next.localHeaderOffset : directoryOffset;
    if (entry.dataOffset + entry.compressedSize > entry.recordEnd) {
      if (!next) throw corrupt(`entry ${entry.name} runs into the central directory`);
      throw new ZipProblem({ key: 'importError.zip.bombShared', values: { part: entry.name, other: next.name } }, 'zip_bomb');
    }
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let p = last; p >= first; p--) {
    if (view.getUint32(p, true) === EOCD_SIGNATURE && p + EOCD_SIZE + view.getUint16(p + 20, true) <= view.byteLength) {
      return p;
    }
  }
  return -1;
}

function readZip64End(view: DataView, eocd: number): { entryCount: number; directorySize: number; directoryOffset: number } {
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
    throw corrupt(`zip64 end of central directory locator missing`);
  }
  const record = readUint64(view, locator + 8);
  if (record + 56 > view.byteLength || view.getUint32(record, true) !== ZIP64_EOCD_SIGNATURE) {
    throw corrupt(`zip64 end of central directory missing`);
  }
  return {
    entryCount: readUint64(view, record + 32),
    directorySize: readUint64(view, record + 40),
    directoryOffset: readUint64(view, record + 48),
  };
}

function readZip64Extra(
  view: DataView, start: number, length: number, wanted: { uncompressed: boolean; compressed: boolean; offset: boolean },
): { uncompressed?: number; compressed?: number; offset?: number } {
  let p = start;
  const end = start + length;
  while (p + 4 <= end) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const out: { uncompressed?: number; compressed?: number; offset?: number } = {};
      const take = (): number | undefined => {
        if (q + 8 > p + 4 + size) return undefined;
        const v = readUint64(view, q);
        q += 8;
        return v;
      };
      if (wanted.uncompressed) out.uncompressed = take();
      if (wanted.compressed) out.compressed = take();
      if (wanted.offset) out.offset = take();
      return out;
    }
    p += 4 + size;
  }
  throw corrupt(`zip64 sizes missing`);
}

function readUint64(view: DataView, p: number): number {
  const value = view.getUint32(p, true) + view.getUint32(p + 4, true) * 2 ** 32;
  if (!Number.isSafeInteger(value)) throw corrupt(`impossible zip64 size`);
  return value;
}

function decodeName(raw: Uint8Array, utf8: boolean): string {
  // Names without the UTF-8 flag are CP437; workbook part names are ASCII either way.
  if (utf8) return new TextDecoder('utf-8').decode(raw);
  let name = '';
  for (const b of raw) name += String.fromCharCode(b);
  return name;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

// What kind of file the user gave us, from its first bytes (and its extension only as a hint):
// a workbook (zip, or an OLE2 container: encrypted workbook or legacy .xls), delimited text, or
// something we refuse with a message that says why.
import { importError } from './types';

export type FileFormat = 'xlsx' | 'delimited';

/** Known binary formats that are not tables, by magic bytes: a clear "unknown format" message. */
// `kind` names the text importError.fileKind.<kind>.
const OTHER_BINARY_FORMATS: Array<{ magic: number[]; kind: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], kind: 'pdf' },
  { magic: [0x89, 0x50, 0x4e, 0x47], kind: 'png' },
  { magic: [0xff, 0xd8, 0xff], kind: 'jpeg' },
  { magic: [0x47, 0x49, 0x46, 0x38], kind: 'gif' },
  { magic: [0x1f, 0x8b], kind: 'gzip' },
  { magic: [0x52, 0x61, 0x72, 0x21], kind: 'rar' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], kind: 'sevenZip' },
  { magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], kind: 'sqlite' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], kind: 'executable' },
  { magic: [0x4d, 0x5a], kind: 'executable' },
];

/** Text formats that are documents or code, not tables, even though a parser could split them. */
const NON_TABLE_TEXT_EXTENSIONS = new Set([
  'md', 'markdown', 'json', 'jsonl', 'xml', 'html', 'htm', 'yaml', 'yml', 'toml', 'ini', 'rtf', 'svg',
  'js', 'mjs', 'cjs', 'ts', 'py', 'sh', 'bat', 'ps1', 'sql', 'css',
]);

export function sniffFormat(bytes: Uint8Array, source: string): FileFormat {
  if (bytes.length === 0) throw importError('emptyFile', 'empty_file', source);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    throw importError('emptyZip', 'unknown_format', source);
  }
  // OLE2 container: a password-protected (encrypted) workbook or a legacy .xls; the workbook
  // reader looks inside and says which.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xlsx';
  for (const { magic, kind } of OTHER_BINARY_FORMATS) {
    if (startsWith(bytes, magic)) {
      throw importError('otherFormat', 'unknown_format', source, { kind: { key: `importError.fileKind.${kind}` } });
    }
  }
  const ext = extensionOf(source);
  if (NON_TABLE_TEXT_EXTENSIONS.has(ext)) {
    throw importError('notATable', 'unknown_format', source, { ext: `.${ext}` });
  }
  return 'delimited';
}

/**
 * Decoded text that is really binary (NULs, many control characters or undecodable bytes in the
 * first KBs) is refused rather than imported as garbage.
 */
export function assertLooksLikeText(text: string, source: string): void {
  const n = Math.min(text.length, 64 * 1024);
  if (n === 0) return;
  let suspicious = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      throw importError('binaryData', 'binary_file', source);
    }
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) {
      suspicious++;
    }
  }
  if (suspicious > Math.max(2, n * 0.01)) {
    throw importError('binaryData', 'binary_file', source);
  }
}

export function extensionOf(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

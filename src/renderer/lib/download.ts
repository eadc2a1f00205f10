// Browser downloads of bytes the engine produced (workspace, report, CSV): a Blob behind an
// <a download> link, clicked once and released.
export function downloadBytes(bytes: Uint8Array, fileName: string, mimeType: string): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is released after the browser took it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A name safe on every file system: no path separators or reserved characters. */
export function safeFileName(name: string, extension: string): string {
  // Control characters (U+0000–U+001F) are exactly what the class is meant to replace.
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 120) || 'export';
  return base.toLowerCase().endsWith(extension) ? base : `${base}${extension}`;
}

export const MIME = {
  workspace: 'application/x-kpiw',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
} as const;

// File access for the Node hosts (CLI, Electron main, web host): reading sources read-only and
// writing outputs atomically. Source files are only ever opened for reading.
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { MessageError } from '../messageError';

export interface SourceFile {
  path: string;
  bytes: Uint8Array;
  size: number;
  mtimeMs: number;
}

/** Reads a source file (read-only open; never written). */
export async function readSourceFile(filePath: string): Promise<SourceFile> {
  const handle = await fs.open(filePath, fsConstants.O_RDONLY);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new MessageError('engineError.notAFile', { file: filePath }, 'not_a_file');
    const bytes = new Uint8Array(await handle.readFile());
    return { path: filePath, bytes, size: stat.size, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Size and modification time, or null when the file is gone. */
export async function statSource(filePath: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await fs.stat(filePath);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/**
 * Writes a file so that a crash or kill at any moment leaves either the old file or the new one:
 * write a temporary file in the same directory, fsync it, rename over the target, fsync the
 * directory (so the rename itself is durable).
 */
export async function writeFileAtomic(target: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await removeStaleTempFiles(target);
  const tmp = path.join(dir, `${tempPrefix(target)}${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o644);
  try {
    if (data instanceof Uint8Array) {
      await handle.writeFile(data);
    } else {
      for await (const chunk of data) await handle.write(chunk);
    }
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  try {
    const d = await fs.open(dir, fsConstants.O_RDONLY);
    try { await d.sync(); } finally { await d.close(); }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}

const tempPrefix = (target: string) => `.${path.basename(target)}.`;

/**
 * Removes the temporary files that saves of `target` killed mid-write left behind (a killed save
 * cannot clean up after itself): those of processes no longer running. Returns how many it removed.
 */
export async function removeStaleTempFiles(target: string): Promise<number> {
  const dir = path.dirname(path.resolve(target));
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (!m || processIsRunning(Number(m[1]))) continue;
    await fs.rm(path.join(dir, name), { force: true }).then(() => removed++, () => {});
  }
  return removed;
}

function processIsRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export type SourceStatus = 'unchanged' | 'changed' | 'missing';

/**
 * Compares a recorded source with the file on disk: missing, unchanged (same size and mtime, or
 * same hash), or changed (different bytes) — the app then offers to re-import it.
 */
export async function checkSource(
  record: { path: string; size: number; mtimeMs: number | null; sha256: string },
  hash: (bytes: Uint8Array) => Promise<string>,
): Promise<SourceStatus> {
  const stat = await statSource(record.path);
  if (!stat) return 'missing';
  if (stat.size === record.size && record.mtimeMs !== null && stat.mtimeMs === record.mtimeMs) return 'unchanged';
  if (stat.size !== record.size) return 'changed';
  const file = await readSourceFile(record.path);
  return (await hash(file.bytes)) === record.sha256 ? 'unchanged' : 'changed';
}

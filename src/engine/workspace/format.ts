// The .kpiw workspace file: the sql.js database itself (imported tables, catalog, normalized
// tables) plus a key/value table holding the mapping, parameters, UI state and, for each source
// file, its path, size, modification time and hash. A SQLite file is self-describing, opens in any
// SQLite tool for an audit, and keeps every imported row exactly as stored.
import type { MappingFile, TextMessage } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';
import type { SourceRecord } from '../../shared/api';

export type { SourceRecord };
import { queryAll, type Database } from '../store/database';
import { CATALOG_TABLE } from '../store/catalog';
import { z } from 'zod';
import { describeZodError, mappingFileSchema, uiStateSchema } from '../../shared/schemas';

export const WORKSPACE_FORMAT = 'kpiw-workspace';
/** Version 2 keeps params inside the mapping and records source files with their hashes. */
export const WORKSPACE_VERSION = 2;

export interface WorkspaceState {
  version: number;
  mapping: MappingFile;
  /** Opaque UI state (selected table, analysis controls, layout); the renderer owns its shape. */
  uiState: unknown;
  sources: SourceRecord[];
  savedAt: string | null;
}

const META_TABLE = '__kpiw_workspace';

/** The header entries as a workspace file may hold them: anything else is refused in words. */
const sourceRecordSchema: z.ZodType<SourceRecord> = z.strictObject({
  path: z.string().min(1).max(4_096),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number().nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  tables: z.array(z.string().max(1_000)).max(10_000),
  importedAt: z.string().max(100),
});
const workspaceHeaderSchema = z.strictObject({
  mapping: mappingFileSchema,
  uiState: uiStateSchema,
  sources: z.array(sourceRecordSchema).max(10_000),
  savedAt: z.string().max(100).nullable(),
});

export function ensureMetaTable(db: Database): void {
  db.run(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
}

function readMeta(db: Database): Map<string, string> {
  const exists = queryAll(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [META_TABLE]).length > 0;
  if (!exists) return new Map();
  return new Map(queryAll(db, `SELECT key, value FROM ${META_TABLE}`).map((r) => [String(r.key), String(r.value)]));
}

function writeMeta(db: Database, entries: Record<string, unknown>): void {
  ensureMetaTable(db);
  const stmt = db.prepare(`INSERT OR REPLACE INTO ${META_TABLE} (key, value) VALUES (?, ?)`);
  try {
    for (const [k, v] of Object.entries(entries)) stmt.run([k, JSON.stringify(v)]);
  } finally {
    stmt.free();
  }
}

/** A workspace file refused; `text` (workspaceError.*) is shown in the reader's language, `message` is its English. */
export class WorkspaceFormatError extends Error {
  readonly text: TextMessage;
  constructor(
    name: string, values: TextMessage['values'] = {}, readonly code: 'workspace_invalid' | 'workspace_checksum' = 'workspace_invalid',
  ) {
    const text = { key: `workspaceError.${name}`, values };
    super(messageText(text, 'en'));
    this.text = text;
    this.name = 'WorkspaceFormatError';
  }
}

// The checksum of a workspace is kept inside the file it covers, so the file stays a plain SQLite
// database any tool can open. It is the SHA-256 of the file's bytes with the 64 hex digits of the
// checksum itself read as zeros: saving writes a random placeholder (which no other byte run can
// equal), exports, hashes with the placeholder zeroed and writes the digest over it in place — same
// length, so no SQLite structure moves. Loading finds the recorded digest's bytes and redoes it.
const CHECKSUM_KEY = 'checksum';
const CHECKSUM_PREFIX = 'sha256:';
const ZERO_DIGIT = 0x30;

/** A value for the checksum entry before the real digest is known: unique in the file. */
export function checksumPlaceholder(): string {
  const random = new Uint8Array(32);
  globalThis.crypto.getRandomValues(random);
  return CHECKSUM_PREFIX + Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The offset of `needle` in `bytes`, or -1; also -1 when it occurs more than once (ambiguous). */
function uniqueOffset(bytes: Uint8Array, needle: Uint8Array): number {
  let found = -1;
  const first = needle[0];
  for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) {
      if (found >= 0) return -1;
      found = i;
    }
  }
  return found;
}

async function digestWithZeroedChecksum(bytes: Uint8Array, digitsAt: number): Promise<string> {
  const copy = bytes.slice();
  copy.fill(ZERO_DIGIT, digitsAt, digitsAt + 64);
  return sha256Hex(copy);
}

/** Writes the file's checksum over the placeholder `saveWorkspace` put in its header entry. */
export async function sealWorkspaceBytes(bytes: Uint8Array, placeholder: string): Promise<Uint8Array> {
  const needle = new TextEncoder().encode(JSON.stringify(placeholder));
  const at = uniqueOffset(bytes, needle);
  if (at < 0) throw new Error('workspace checksum placeholder not found once in the exported database');
  const digitsAt = at + 1 + CHECKSUM_PREFIX.length;
  const digest = await digestWithZeroedChecksum(bytes, digitsAt);
  bytes.set(new TextEncoder().encode(digest), digitsAt);
  return bytes;
}

/**
 * Verifies the checksum a workspace records (files from before checksums have none and pass).
 * A changed byte anywhere — a cell, the mapping, the checksum — fails, with a message in words.
 */
export async function verifyWorkspaceChecksum(db: Database, bytes: Uint8Array): Promise<'verified' | 'absent'> {
  const raw = readMeta(db).get(CHECKSUM_KEY);
  if (raw === undefined) return 'absent';
  let recorded: unknown;
  try { recorded = JSON.parse(raw); } catch { recorded = null; }
  const damaged = new WorkspaceFormatError('checksum', {}, 'workspace_checksum');
  if (typeof recorded !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(recorded)) throw damaged;
  const at = uniqueOffset(bytes, new TextEncoder().encode(JSON.stringify(recorded)));
  if (at < 0) throw damaged;
  const digitsAt = at + 1 + CHECKSUM_PREFIX.length;
  if (await digestWithZeroedChecksum(bytes, digitsAt) !== recorded.slice(CHECKSUM_PREFIX.length)) throw damaged;
  return 'verified';
}

/**
 * Migrations from older versions, each taking the meta entries of version n to n + 1.
 * v1 (first release) kept `params` beside the mapping and no source records.
 */
const MIGRATIONS: Record<number, (meta: Map<string, unknown>) => void> = {
  1: (meta) => {
    const mapping = (meta.get('mapping') as MappingFile | undefined) ?? { version: 1, tables: [], params: {} };
    const params = (meta.get('params') as Record<string, unknown> | undefined) ?? {};
    meta.set('mapping', { ...mapping, params: { ...params, ...(mapping.params ?? {}) } });
    meta.delete('params');
    meta.set('sources', []);
  },
};

/** Tables SQLite itself may keep in a file (ANALYZE statistics, AUTOINCREMENT counters). */
const SQLITE_INTERNAL_TABLES = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);
/** The normalized tables the mapping builds (n_<dataset>); rebuilt from the mapping on load. */
const NORMALIZED_TABLE = /^n_[a-z_]+$/;

/**
 * A workspace is untrusted input: before anything reads or writes it, the file must pass SQLite's
 * integrity check and hold only the schema KPI Workbench writes — its two bookkeeping tables, the
 * imported tables its catalog lists, the normalized tables and indexes on those. A trigger or view
 * (which would run or redirect on our own statements), or an unknown table, is refused.
 */
export function assertTrustedWorkspace(db: Database): void {
  let integrity: string[];
  try {
    integrity = queryAll(db, 'PRAGMA integrity_check(20)').map((r) => String(Object.values(r)[0]));
  } catch (e) {
    throw new WorkspaceFormatError('unreadable', { detail: (e as Error).message });
  }
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    throw new WorkspaceFormatError('integrity', { detail: integrity.slice(0, 3).join('; ') });
  }
  let objects: Array<{ type: string; name: string; tbl_name: string }>;
  try {
    objects = queryAll(db, 'SELECT type, name, tbl_name FROM sqlite_master') as typeof objects;
  } catch (e) {
    throw new WorkspaceFormatError('unreadable', { detail: (e as Error).message });
  }
  const names = new Set(objects.filter((o) => o.type === 'table').map((o) => o.name));
  if (!names.has(META_TABLE)) throw new WorkspaceFormatError('noHeader');
  const imported = new Set<string>();
  if (names.has(CATALOG_TABLE)) {
    for (const r of queryAll(db, `SELECT name FROM ${CATALOG_TABLE}`)) imported.add(String(r.name));
  }
  const ours = (table: string) => table === META_TABLE || table === CATALOG_TABLE || imported.has(table)
    || NORMALIZED_TABLE.test(table) || SQLITE_INTERNAL_TABLES.has(table);
  for (const o of objects) {
    if (o.type === 'trigger' || o.type === 'view') {
      throw new WorkspaceFormatError('foreignObject', { type: o.type, name: o.name.slice(0, 80) });
    }
    if (o.type === 'table' && !ours(o.name)) {
      throw new WorkspaceFormatError('foreignTable', { name: o.name.slice(0, 80) });
    }
    if (o.type === 'index' && !ours(o.tbl_name)) {
      throw new WorkspaceFormatError('foreignIndex', { name: o.name.slice(0, 80) });
    }
  }
}

/** Reads the workspace state from a database opened from a .kpiw file, migrating old versions. */
export function readWorkspaceState(db: Database): WorkspaceState {
  const raw = readMeta(db);
  if (raw.get('format') !== JSON.stringify(WORKSPACE_FORMAT)) {
    throw new WorkspaceFormatError('noHeader');
  }
  const meta = new Map<string, unknown>();
  for (const [k, v] of raw) {
    try { meta.set(k, JSON.parse(v)); } catch { throw new WorkspaceFormatError('entryDamaged', { entry: k.slice(0, 80) }); }
  }
  let version = Number(meta.get('version'));
  if (!Number.isInteger(version) || version < 1) throw new WorkspaceFormatError('versionMissing');
  if (version > WORKSPACE_VERSION) {
    throw new WorkspaceFormatError('newerVersion', { version, max: WORKSPACE_VERSION });
  }
  const migrated = version < WORKSPACE_VERSION;
  while (version < WORKSPACE_VERSION) {
    MIGRATIONS[version]!(meta);
    version++;
  }
  const header = workspaceHeaderSchema.safeParse({
    mapping: meta.get('mapping') ?? { version: 1, tables: [], params: {} },
    uiState: meta.get('uiState') ?? null,
    sources: meta.get('sources') ?? [],
    savedAt: meta.get('savedAt') ?? null,
  });
  if (!header.success) throw new WorkspaceFormatError('headerDamaged', { detail: describeZodError(header.error) });
  const state: WorkspaceState = { version, ...header.data, uiState: header.data.uiState ?? null };
  if (migrated) writeWorkspaceState(db, state);
  return state;
}

/** Writes the state into the database's meta table (before the database is exported). */
export function writeWorkspaceState(db: Database, state: Omit<WorkspaceState, 'version'>, checksum?: string): void {
  writeMeta(db, {
    ...(checksum ? { [CHECKSUM_KEY]: checksum } : {}),
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    mapping: state.mapping,
    uiState: state.uiState ?? null,
    sources: state.sources,
    savedAt: state.savedAt,
  });
}

/** SQLite files start with this 16-byte header. */
export function looksLikeSqlite(bytes: Uint8Array): boolean {
  const magic = 'SQLite format 3\0';
  if (bytes.length < 100) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** Hex SHA-256 of bytes (Web Crypto: available in Node ≥ 20 and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as unknown as ArrayBuffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

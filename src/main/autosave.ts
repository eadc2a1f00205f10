// Autosave and crash recovery for the desktop app. The workspace is written to
// <userData>/autosave.kpiw at an interval while it has unsaved changes and on quit; a session
// marker (<userData>/session.json) says whether the last session ended cleanly. An autosave left
// by a session that did not end cleanly (crash, kill, power cut) is offered for recovery.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '../engine/host/files';
import type { RecoveryStatus } from '../shared/desktop';

export const AUTOSAVE_FILE = 'autosave.kpiw';
export const SESSION_FILE = 'session.json';
/** Every 2 minutes while there are changes not yet autosaved. */
export const AUTOSAVE_INTERVAL_MS = 2 * 60 * 1000;

export interface SessionMarker { cleanExit: boolean; startedAt: string; endedAt?: string }

/** Recovery is offered when an autosave exists and the session that wrote it did not end cleanly. */
export function shouldOfferRecovery(autosaveExists: boolean, marker: SessionMarker | null): boolean {
  return autosaveExists && marker?.cleanExit !== true;
}

function parseMarker(text: string): SessionMarker | null {
  try {
    const v = JSON.parse(text) as Partial<SessionMarker>;
    return typeof v.cleanExit === 'boolean' && typeof v.startedAt === 'string' ? (v as SessionMarker) : null;
  } catch {
    return null;
  }
}

export class Autosave {
  readonly file: string;
  readonly markerFile: string;
  private status: RecoveryStatus = { available: false, savedAt: null };
  private dirty = false;
  /** Changes made since the last autosave (the workspace is dirty and the autosave is older). */
  private pending = false;
  private uiState: unknown = null;
  private busy = false;
  private holds = 0;
  private startedAt = new Date().toISOString();

  constructor(dir: string, private readonly write: (file: string, bytes: Uint8Array) => Promise<void> = writeFileAtomic) {
    this.file = path.join(dir, AUTOSAVE_FILE);
    this.markerFile = path.join(dir, SESSION_FILE);
  }

  /** At start: decides whether to offer recovery, then marks this session as running (not clean). */
  async begin(): Promise<RecoveryStatus> {
    // Temporary files of autosaves killed mid-write by an earlier crash.
    await removeStaleTempFiles(this.file);
    const marker = await fs.readFile(this.markerFile, 'utf8').then(parseMarker, () => null);
    const stat = await fs.stat(this.file).catch(() => null);
    this.status = shouldOfferRecovery(stat !== null, marker)
      ? { available: true, savedAt: stat ? stat.mtime.toISOString() : null }
      : { available: false, savedAt: null };
    this.startedAt = new Date().toISOString();
    await this.writeMarker({ cleanExit: false, startedAt: this.startedAt });
    return this.status;
  }

  recoveryStatus(): RecoveryStatus {
    return { ...this.status };
  }

  /** The renderer's latest state: whether the workspace has unsaved changes, and its UI state. */
  update(dirty: boolean, uiState: unknown, busy = false): void {
    this.dirty = dirty;
    this.uiState = uiState;
    this.pending = dirty;
    this.busy = busy;
  }

  /**
   * Runs `fn` with autosave held off: serialising the database (sql.js export) while an import or
   * a workspace load is running would disturb it.
   */
  async holding<T>(fn: () => Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await fn();
    } finally {
      this.holds--;
    }
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  /** The UI state the renderer last reported (saved with the workspace when main saves on quit). */
  get lastUiState(): unknown {
    return this.uiState;
  }

  /** Writes the autosave when there are changes since the last one; true when it wrote. */
  async autosave(save: (uiState: unknown) => Promise<Uint8Array>): Promise<boolean> {
    if (!this.pending || this.busy || this.holds > 0) return false;
    // Cleared first: changes arriving while the workspace is serialised mark it pending again.
    this.pending = false;
    try {
      await this.write(this.file, await save(this.uiState));
      return true;
    } catch (err) {
      this.pending = true;
      throw err;
    }
  }

  /** The autosaved workspace's bytes (recovery); afterwards it is no longer offered. */
  async recover(): Promise<Uint8Array> {
    const bytes = new Uint8Array(await fs.readFile(this.file));
    this.status = { available: false, savedAt: null };
    return bytes;
  }

  async discard(): Promise<void> {
    await fs.rm(this.file, { force: true });
    this.status = { available: false, savedAt: null };
  }

  /** On quit: a last autosave when needed, then the clean-exit marker. */
  async end(save: (uiState: unknown) => Promise<Uint8Array>): Promise<void> {
    try {
      await this.autosave(save);
    } finally {
      await this.writeMarker({ cleanExit: true, startedAt: this.startedAt, endedAt: new Date().toISOString() });
    }
  }

  private async writeMarker(marker: SessionMarker): Promise<void> {
    await fs.mkdir(path.dirname(this.markerFile), { recursive: true });
    await this.write(this.markerFile, new TextEncoder().encode(JSON.stringify(marker) + '\n'));
  }
}

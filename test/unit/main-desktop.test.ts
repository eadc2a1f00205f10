// The desktop shell's workspace and export actions (src/main/desktopActions.ts) with a real engine
// and real files: saving, refusing to write onto a source file, reopening with sources unchanged,
// changed or gone, re-importing a changed source keeping the mapping, and request validation.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/api';
import { readSourceFile } from '../../src/engine/host/files';
import { withHostApi } from '../../src/engine/host/hostedEngine';
import { Autosave } from '../../src/main/autosave';
import { assertNotSource, createDesktopActions, samePath, type Dialogs } from '../../src/main/desktopActions';
import { SessionPaths } from '../../src/main/sessionPaths';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import type { DesktopReply, OpenedWorkspace } from '../../src/shared/desktop';

const SUBS = 'customer_id,mrr,start_date,end_date\nC1,100,2024-01-05,\nC2,50,2024-02-01,2024-06-30\nC3,70,2024-03-10,\n';

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-desktop-'));
  const source = path.join(dir, 'subscriptions.csv');
  writeFileSync(source, SUBS);
  const engine = await Engine.create();
  const bytes = new Uint8Array(readFileSync(source));
  await engine.openFile({ source, bytes, size: bytes.byteLength, mtimeMs: null });
  await engine.autoMap();
  let nextSave: string | null = null;
  let nextOpen: string | null = null;
  const dialogs: Dialogs = {
    saveFile: async () => nextSave,
    openFile: async () => nextOpen,
  };
  const recent: string[] = [];
  const autosave = new Autosave(path.join(dir, 'userData'));
  await autosave.begin();
  // The user opened the source in this session (the only files whose changes are checked).
  const sessionPaths = new SessionPaths();
  sessionPaths.add([source]);
  const desktop = createDesktopActions({
    api: withHostApi(engine, dir), dialogs, autosave, sessionPaths,
    recent: () => recent,
    addRecent: async (paths) => { recent.unshift(...paths); },
  });
  return {
    dir, source, engine, desktop, recent, autosave, dialogs,
    willSaveTo: (p: string | null) => { nextSave = p; },
    willOpen: (p: string | null) => { nextOpen = p; },
  };
}

function value<T>(reply: DesktopReply): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

describe('desktop workspace actions', () => {
  it('Save asks where the first time, writes the workspace, then saves to the same file', async () => {
    const s = await setup();
    const target = path.join(s.dir, 'client');
    s.willSaveTo(target);
    expect(value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: false, uiState: { table: 'subscriptions' } }))).toEqual({ path: `${target}.kpiw` });
    expect(readFileSync(`${target}.kpiw`).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(s.recent).toEqual([`${target}.kpiw`]);
    // No dialog the second time.
    s.willSaveTo(null);
    expect(value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: false, uiState: null }))).toEqual({ path: `${target}.kpiw` });
    // Save As with the dialog cancelled does nothing.
    expect(value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: true, uiState: null }))).toBeNull();
  });

  it('never writes onto a source file: save, report and CSV targets equal to a source are refused', async () => {
    const s = await setup();
    const before = readFileSync(s.source);
    // The source itself, spelled another way.
    s.willSaveTo(path.join(s.dir, 'userData', '..', 'subscriptions.csv'));
    const csv = await s.desktop.handle({ action: 'exportCsv', request: { table: 'subscriptions' }, suggestedName: 'subscriptions.csv' });
    expect(csv).toMatchObject({ ok: false, error: { code: 'refused_target' } });
    const report = await s.desktop.handle({ action: 'exportReport', request: {} });
    expect(report).toMatchObject({ ok: false, error: { code: 'refused_target' } });
    expect(readFileSync(s.source)).toEqual(before);
    // Another name is fine.
    s.willSaveTo(path.join(s.dir, 'out.csv'));
    expect(value(await s.desktop.handle({ action: 'exportCsv', request: { table: 'subscriptions' }, suggestedName: 'out.csv' }))).toEqual({ path: path.join(s.dir, 'out.csv') });
    expect(readFileSync(path.join(s.dir, 'out.csv'), 'utf8').startsWith('\ufeffrow,customer_id')).toBe(true);
  });

  it('the reconciliation workbook goes where the save dialog says, never onto a source', async () => {
    const s = await setup();
    const crm = new TextEncoder().encode(SUBS.replace('C1,100', 'C1,120'));
    await s.engine.openFile({ source: path.join(s.dir, 'crm.csv'), bytes: crm, size: crm.byteLength, mtimeMs: null });
    const fields = { customer_id: 'customer_id', mrr: 'mrr', start_date: 'start_date', end_date: 'end_date' };
    await s.engine.setMapping({ version: 1, params: {}, tables: [
      { source: 'subscriptions.csv', dataset: 'subscriptions', fields }, { source: 'crm.csv', dataset: 'subscriptions', fields },
    ] });
    const request = { left: 'subscriptions', right: 'crm' };
    s.willSaveTo(null);
    expect(value(await s.desktop.handle({ action: 'exportReconciliation', request, suggestedName: 'reconciliation 2024-03.xlsx' }))).toBeNull();
    s.willSaveTo(s.source);
    const refused = await s.desktop.handle({ action: 'exportReconciliation', request, suggestedName: 'r.xlsx' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused_target' } });
    const target = path.join(s.dir, 'reconciliation.xlsx');
    s.willSaveTo(target);
    expect(value(await s.desktop.handle({ action: 'exportReconciliation', request, suggestedName: 'r.xlsx' }))).toEqual({ path: target });
    expect(readFileSync(target).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await s.desktop.handle({ action: 'exportReconciliation', request: { ...request, extra: 1 }, suggestedName: 'r.xlsx' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('compares paths as the file system does', () => {
    expect(samePath('/a/b/../c.csv', '/a/c.csv', 'linux')).toBe(true);
    expect(samePath('/a/C.csv', '/a/c.csv', 'linux')).toBe(false);
    expect(samePath('/a/C.csv', '/a/c.csv', 'darwin')).toBe(true);
    expect(() => assertNotSource('/data/Subs.CSV', ['/data/subs.csv'], 'win32')).toThrow(/never writes to source files/);
    expect(() => assertNotSource('/data/report.xlsx', ['/data/subs.csv'], 'win32')).not.toThrow();
  });

  it('reopening tells which sources are unchanged, changed or gone, and re-imports a changed one keeping the mapping', async () => {
    const s = await setup();
    const ws = path.join(s.dir, 'ws.kpiw');
    s.willSaveTo(ws);
    value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: true, uiState: { table: 'subscriptions' } }));
    const mapping = await s.engine.getMapping();
    s.willOpen(ws);

    const unchanged = value<OpenedWorkspace>(await s.desktop.handle({ action: 'openWorkspace' }));
    // A dropped workspace opens by its path, without the dialog.
    expect(value<OpenedWorkspace>(await s.desktop.handle({ action: 'openWorkspace', path: ws })).path).toBe(ws);
    expect(unchanged.sourceStatus).toEqual({ [s.source]: 'unchanged' });
    expect(unchanged.contents.uiState).toEqual({ table: 'subscriptions' });
    expect(unchanged.contents.sources[0].sha256).toBe(createHash('sha256').update(SUBS).digest('hex'));

    // Same size, different bytes, newer time: changed.
    writeFileSync(s.source, SUBS.replace('C3,70', 'C3,90'));
    utimesSync(s.source, new Date(), new Date(Date.now() + 5000));
    const changed = value<OpenedWorkspace>(await s.desktop.handle({ action: 'openWorkspace' }));
    expect(changed.sourceStatus).toEqual({ [s.source]: 'changed' });
    const tableName = changed.contents.tables[0].name;
    const mrrBefore = await s.engine.getRows({ table: tableName, offset: 0, limit: 10 });

    writeFileSync(s.source, SUBS + 'C4,30,2024-04-01,\n');
    // Re-import reads the file the user picks in the dialog (opened at the recorded path).
    s.willOpen(s.source);
    const result = value<{ tables: Array<{ rowCount: number }> }>(await s.desktop.handle({ action: 'reimportSource', path: s.source }));
    s.willOpen(ws);
    expect(result.tables[0].rowCount).toBe(4);
    expect(mrrBefore.total).toBe(3);
    expect(await s.engine.getMapping()).toEqual(mapping);

    rmSync(s.source);
    const gone = value<OpenedWorkspace>(await s.desktop.handle({ action: 'openWorkspace' }));
    expect(gone.sourceStatus).toEqual({ [s.source]: 'missing' });
    // The workspace still has its rows without the file.
    expect((await s.engine.getRows({ table: gone.contents.tables[0].name, offset: 0, limit: 10 })).total).toBe(3);
  });

  it('a workspace opened in a later session does not read its recorded sources, and only chosen paths open', async () => {
    const s = await setup();
    const ws = path.join(s.dir, 'ws.kpiw');
    s.willSaveTo(ws);
    value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: true, uiState: null }));
    // A new session (a fresh app start): nothing chosen yet but what the dialog returns.
    const later = createDesktopActions({
      api: withHostApi(await Engine.create(), s.dir), dialogs: s.dialogs, autosave: s.autosave,
      recent: () => [], addRecent: async () => undefined,
    });
    expect(await later.handle({ action: 'openWorkspace', path: ws })).toMatchObject({ ok: false, error: { code: 'refused_target', message: expect.stringMatching(/not chosen in this session/) } });
    s.willOpen(ws);
    const opened = value<OpenedWorkspace>(await later.handle({ action: 'openWorkspace' }));
    expect(opened.sourceStatus).toEqual({ [s.source]: 'unverified' });
    // Chosen once in the dialog, the same path may now be opened directly (a drop, a reload).
    expect(value<OpenedWorkspace>(await later.handle({ action: 'openWorkspace', path: ws })).path).toBe(ws);
  });

  it('a workspace whose checksum fails is refused, or opened read-only when the user confirms; it is then never saved over', async () => {
    const s = await setup();
    const ws = path.join(s.dir, 'ws.kpiw');
    s.willSaveTo(ws);
    value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: true, uiState: null }));
    // Change one digit of the saved time in the header: still valid SQLite, caught by the checksum.
    const bytes = readFileSync(ws);
    const db = await openDatabase(new Uint8Array(bytes));
    const savedAt = String(queryAll(db, "SELECT value FROM __kpiw_workspace WHERE key = 'savedAt'")[0]!.value);
    const at = bytes.indexOf(Buffer.from(savedAt));
    expect(at).toBeGreaterThan(0);
    bytes[at + 2] = bytes[at + 2] === 0x39 ? 0x38 : bytes[at + 2] + 1;
    writeFileSync(ws, bytes);
    const asked: string[] = [];
    let answer = false;
    s.dialogs.confirm = async (o) => { asked.push(o.message); return answer; };
    s.willOpen(ws);
    expect(await s.desktop.handle({ action: 'openWorkspace' })).toMatchObject({ ok: false, error: { code: 'workspace_checksum' } });
    answer = true;
    const opened = value<OpenedWorkspace>(await s.desktop.handle({ action: 'openWorkspace' }));
    expect(opened.contents.readOnly).toBe(true);
    expect(asked).toEqual(['ws.kpiw has been changed or damaged since it was saved.', 'ws.kpiw has been changed or damaged since it was saved.']);
    // Save asks for a new file instead of writing the damaged one.
    const copy = path.join(s.dir, 'copy.kpiw');
    s.willSaveTo(copy);
    expect(value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: false, uiState: null }))).toEqual({ path: copy });
    expect(readFileSync(ws).equals(bytes)).toBe(true);
  });

  it('re-import reads only a file the user picks (recorded paths come from an untrusted workspace); cancelled, nothing is read', async () => {
    const s = await setup();
    const ws = path.join(s.dir, 'ws.kpiw');
    s.willSaveTo(ws);
    value(await s.desktop.handle({ action: 'saveWorkspace', saveAs: true, uiState: null }));
    s.willOpen(ws);
    value(await s.desktop.handle({ action: 'openWorkspace' }));
    // Whatever path the workspace recorded, re-import asks first; the dialog is cancelled: nothing is read.
    const reads: string[] = [];
    const opens: Array<{ defaultPath?: string }> = [];
    const desktop = createDesktopActions({
      api: withHostApi(s.engine, s.dir), autosave: s.autosave, recent: () => [], addRecent: async () => undefined,
      readSource: async (p) => { reads.push(p); return readSourceFile(p); },
      dialogs: { saveFile: async () => null, openFile: async (o) => { opens.push(o); return null; } },
    });
    const recorded = (await s.engine.listSources())[0]!.path;
    expect(value(await desktop.handle({ action: 'reimportSource', path: recorded }))).toBeNull();
    expect(opens).toEqual([expect.objectContaining({ defaultPath: recorded })]);
    expect(reads).toEqual([]);
  });

  it('refuses what the renderer may not ask: unknown sources, paths outside the recent list, malformed requests', async () => {
    const s = await setup();
    expect(await s.desktop.handle({ action: 'reimportSource', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'refused_target' } });
    expect(await s.desktop.handle({ action: 'openRecentWorkspace', path: '/tmp/elsewhere.kpiw' })).toMatchObject({ ok: false, error: { code: 'refused_target' } });
    expect(await s.desktop.handle({ action: 'openWorkspace', path: 'relative.kpiw' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.desktop.handle({ action: 'openWorkspace', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.desktop.handle({ action: 'writeAnywhere', path: '/tmp/x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.desktop.handle({ action: 'saveWorkspace', saveAs: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.desktop.handle({ action: 'exportCsv', request: { table: 'x', extra: 1 }, suggestedName: 'x.csv' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('after a crash the next start offers the autosave, recovers it into a fresh engine, or discards it', async () => {
    const s = await setup();
    value(await s.desktop.handle({ action: 'workspaceState', dirty: true, uiState: { table: 'subscriptions' } }));
    expect(value(await s.desktop.handle({ action: 'recoveryStatus' }))).toEqual({ available: false, savedAt: null });
    expect(await s.autosave.autosave((ui) => s.engine.saveWorkspace(ui))).toBe(true);
    // The app dies without a clean exit; the next start has a fresh engine.
    const autosave = new Autosave(path.join(s.dir, 'userData'));
    await autosave.begin();
    const engine = await Engine.create();
    const desktop = createDesktopActions({
      api: withHostApi(engine, s.dir), autosave, recent: () => [], addRecent: async () => undefined,
      dialogs: { saveFile: async () => null, openFile: async () => null },
    });
    expect(value<{ available: boolean }>(await desktop.handle({ action: 'recoveryStatus' })).available).toBe(true);
    const recovered = value<OpenedWorkspace>(await desktop.handle({ action: 'recoverAutosave' }));
    expect(recovered.recovered).toBe(true);
    expect(recovered.contents.uiState).toEqual({ table: 'subscriptions' });
    expect((await engine.getRows({ table: recovered.contents.tables[0].name, offset: 0, limit: 10 })).total).toBe(3);
    expect(await engine.getMapping()).toEqual(await s.engine.getMapping());
    // Recovered work has no file of its own: Save asks where (here the dialog is cancelled).
    expect(desktop.workspacePath).toBeNull();
    expect(value(await desktop.handle({ action: 'saveWorkspace', saveAs: false, uiState: null }))).toBeNull();
    value(await desktop.handle({ action: 'discardAutosave' }));
    expect(value(await desktop.handle({ action: 'recoveryStatus' }))).toEqual({ available: false, savedAt: null });
  });
});

// Autosave and crash recovery of the desktop app (src/main/autosave.ts), with real files.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Autosave, shouldOfferRecovery } from '../../src/main/autosave';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'kpiw-autosave-'));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('recovery decision', () => {
  it('offers recovery only for an autosave left by a session that did not end cleanly', () => {
    const started = new Date(0).toISOString();
    expect(shouldOfferRecovery(false, null)).toBe(false);
    expect(shouldOfferRecovery(false, { cleanExit: false, startedAt: started })).toBe(false);
    expect(shouldOfferRecovery(true, { cleanExit: true, startedAt: started })).toBe(false);
    expect(shouldOfferRecovery(true, { cleanExit: false, startedAt: started })).toBe(true);
    // An autosave with no (or an unreadable) marker: the session that wrote it never ended cleanly.
    expect(shouldOfferRecovery(true, null)).toBe(true);
  });
});

describe('autosave', () => {
  it('a first start offers nothing and marks the session as running', async () => {
    const dir = tmp();
    const a = new Autosave(dir);
    expect(await a.begin()).toEqual({ available: false, savedAt: null });
    expect(JSON.parse(readFileSync(a.markerFile, 'utf8'))).toMatchObject({ cleanExit: false });
  });

  it('writes only while there are unsaved changes, once per change', async () => {
    const dir = tmp();
    const a = new Autosave(dir);
    await a.begin();
    let saves = 0;
    const save = async (ui: unknown) => { saves++; return bytes(`workspace ${JSON.stringify(ui)}`); };
    expect(await a.autosave(save)).toBe(false);
    a.update(true, { table: 'subs' });
    expect(await a.autosave(save)).toBe(true);
    expect(readFileSync(a.file, 'utf8')).toBe('workspace {"table":"subs"}');
    expect(await a.autosave(save)).toBe(false);
    a.update(false, { table: 'subs' }); // saved by the user: nothing to autosave
    expect(await a.autosave(save)).toBe(false);
    expect(saves).toBe(1);
  });

  it('waits while an import runs or while an action holds it off, then writes', async () => {
    const a = new Autosave(tmp());
    await a.begin();
    const save = async () => bytes('ws');
    a.update(true, null, true); // the renderer says an import is running
    expect(await a.autosave(save)).toBe(false);
    a.update(true, null, false);
    let during: boolean | null = null;
    await a.holding(async () => { during = await a.autosave(save); });
    expect(during).toBe(false);
    expect(await a.autosave(save)).toBe(true);
  });

  it('after a crash (no clean exit) the autosave is offered, recovered once, and then not again', async () => {
    const dir = tmp();
    const first = new Autosave(dir);
    await first.begin();
    first.update(true, { n: 1 });
    await first.autosave(async () => bytes('the autosaved workspace'));
    // The process dies here: end() never runs.

    const second = new Autosave(dir);
    const status = await second.begin();
    expect(status.available).toBe(true);
    expect(Date.parse(status.savedAt!)).not.toBeNaN();
    expect(new TextDecoder().decode(await second.recover())).toBe('the autosaved workspace');
    expect(second.recoveryStatus().available).toBe(false);
  });

  it('a clean exit writes the last changes and the marker: no prompt on the next start', async () => {
    const dir = tmp();
    const a = new Autosave(dir);
    await a.begin();
    a.update(true, { n: 2 });
    await a.end(async (ui) => bytes(`last ${JSON.stringify(ui)}`));
    expect(readFileSync(a.file, 'utf8')).toBe('last {"n":2}');
    expect(JSON.parse(readFileSync(a.markerFile, 'utf8'))).toMatchObject({ cleanExit: true });
    expect((await new Autosave(dir).begin()).available).toBe(false);
  });

  it('the marker is written even when the last autosave fails', async () => {
    const dir = tmp();
    const a = new Autosave(dir);
    await a.begin();
    a.update(true, null);
    await expect(a.end(async () => { throw new Error('engine gone'); })).rejects.toThrow('engine gone');
    expect(JSON.parse(readFileSync(a.markerFile, 'utf8'))).toMatchObject({ cleanExit: true });
  });

  it('discard removes the autosave; an unreadable marker counts as no clean exit', async () => {
    const dir = tmp();
    const a = new Autosave(dir);
    writeFileSync(a.file, 'old autosave');
    writeFileSync(a.markerFile, 'not json');
    expect((await a.begin()).available).toBe(true);
    await a.discard();
    expect(existsSync(a.file)).toBe(false);
    expect(a.recoveryStatus().available).toBe(false);
  });
});

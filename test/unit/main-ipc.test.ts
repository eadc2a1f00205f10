import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineEvent } from '../../src/shared/api';
import type { ImportResult } from '../../src/shared/types';
import { readSourceFile } from '../../src/engine/host/files';
import { createMainIpc } from '../../src/main/ipc';
import { SessionPaths } from '../../src/main/sessionPaths';
import { isAppUrl, resolveAppAsset } from '../../src/main/appProtocol';
import { createFakeEngine } from './fakeEngine';

function setup() {
  const api = createFakeEngine();
  const events: EngineEvent[] = [];
  const imported: string[][] = [];
  const ipc = createMainIpc({ api, emit: (e) => events.push(e), readSource: readSourceFile, onImported: (p) => imported.push(p) });
  return { api, events, imported, ipc };
}

describe('main-process IPC validation', () => {
  it('runs a valid call and returns its value', async () => {
    const { ipc, api } = setup();
    const reply = await ipc.call({ kind: 'call', id: 'r1', method: 'getRows', args: [{ table: 't', offset: 0, limit: 100, sort: [{ column: 'a', direction: 'desc' }] }] });
    expect(reply).toEqual({ kind: 'result', id: 'r1', ok: true, value: { columns: ['__row'], rows: [[2]], total: 1 } });
    expect(api.calls).toEqual([{ method: 'getRows', args: [{ table: 't', offset: 0, limit: 100, sort: [{ column: 'a', direction: 'desc' }] }] }]);
  });

  it.each([
    ['an unknown method', { kind: 'call', id: 'x', method: 'eval', args: ['process.exit()'] }, /method/],
    ['a missing id', { kind: 'call', method: 'listTables', args: [] }, /id/],
    ['extra envelope fields', { kind: 'call', id: 'x', method: 'listTables', args: [], sneaky: 1 }, /sneaky|Unrecognized/],
    ['a negative offset', { kind: 'call', id: 'x', method: 'getRows', args: [{ table: 't', offset: -1, limit: 10 }] }, /offset/],
    ['a page too large', { kind: 'call', id: 'x', method: 'getRows', args: [{ table: 't', offset: 0, limit: 10_000_000 }] }, /limit/],
    ['a bad filter kind', { kind: 'call', id: 'x', method: 'getRows', args: [{ table: 't', offset: 0, limit: 1, filters: [{ column: 'a', kind: 'sql', value: '1=1' }] }] }, /filters/],
    ['openFile without bytes', { kind: 'call', id: 'x', method: 'openFile', args: [{ source: 'a.csv' }] }, /bytes/],
    ['openFile with bytes as a plain array', { kind: 'call', id: 'x', method: 'openFile', args: [{ source: 'a.csv', bytes: [1, 2, 3] }] }, /bytes/],
    ['a mapping of the wrong version', { kind: 'call', id: 'x', method: 'setMapping', args: [{ version: 2, tables: [], params: {} }] }, /version/],
    ['a mapping with an unknown dataset', { kind: 'call', id: 'x', method: 'setMapping', args: [{ version: 1, tables: [{ source: 'a.csv', dataset: 'nonsense', fields: {} }], params: {} }] }, /dataset/],
    ['an as-of date in another format', { kind: 'call', id: 'x', method: 'computeMetrics', args: [{ asOf: '31/12/2024' }] }, /asOf/],
    ['too many arguments', { kind: 'call', id: 'x', method: 'listTables', args: [1] }, /listTables/],
    ['not an object at all', 'listTables', /invalid message/],
  ])('rejects %s with a clear invalid_request error, without calling the engine', async (_name, message, pattern) => {
    const { ipc, api } = setup();
    const reply = await ipc.call(message);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_request');
    expect(reply.error.message).toMatch(pattern);
    expect(api.calls).toEqual([]);
  });

  it('passes bytes through openFile, pushes progress events and tablesChanged', async () => {
    const { ipc, api, events } = setup();
    const reply = await ipc.call({ kind: 'call', id: 'o1', method: 'openFile', args: [{ source: 'a.csv', bytes: new Uint8Array([97, 10, 49]) }] });
    expect(reply.ok).toBe(true);
    expect((api.calls[0].args[0] as { bytes: Uint8Array }).bytes).toEqual(new Uint8Array([97, 10, 49]));
    expect(events).toEqual([
      { type: 'progress', requestId: 'o1', progress: expect.objectContaining({ phase: 'done', fraction: 1 }) },
      { type: 'tablesChanged' },
    ]);
  });

  it('cancels a running import by id', async () => {
    const { ipc, events } = setup();
    const pending = ipc.call({ kind: 'call', id: 'h1', method: 'openFile', args: [{ source: 'hang.csv', bytes: new Uint8Array(10) }] });
    await new Promise((r) => setTimeout(r, 10));
    expect(events[0]).toMatchObject({ type: 'progress', requestId: 'h1' });
    ipc.cancel('h1');
    expect(await pending).toEqual({ kind: 'result', id: 'h1', ok: false, error: { message: 'cancelled', code: 'cancelled' } });
  });

  it('reports engine errors with their code', async () => {
    const { ipc } = setup();
    const reply = await ipc.call({ kind: 'call', id: 'b', method: 'openFile', args: [{ source: 'boom.csv', bytes: new Uint8Array(1) }] });
    expect(reply).toEqual({ kind: 'result', id: 'b', ok: false, error: { code: 'unknown_format', message: 'boom.csv: not a CSV or XLSX file (binary content)' } });
  });

  it('openPaths reads files read-only, names unreadable ones, and remembers what was imported', async () => {
    const { ipc, api, imported } = setup();
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-ipc-'));
    const good = path.join(dir, 'subs.csv');
    writeFileSync(good, 'customer_id,mrr\nC1,10\n');
    const missing = path.join(dir, 'gone.csv');
    const reply = await ipc.openPaths({ id: 'p1', paths: [missing, good] });
    expect(reply.ok).toBe(true);
    const result = (reply as { value: ImportResult }).value;
    expect(result.tables.map((t) => t.source)).toEqual([good]);
    expect(result.failures).toEqual([{ source: missing, sheet: null, code: 'read_failed', message: `${missing}: cannot be read (file not found)` }]);
    const req = api.calls[0].args[0] as { source: string; bytes: Uint8Array; size: number };
    expect(new TextDecoder().decode(req.bytes)).toBe('customer_id,mrr\nC1,10\n');
    expect(req.size).toBe(22);
    expect(imported).toEqual([[good]]);
  });

  it('openPaths reads only files chosen in this session (dialog, drop, command line); others are refused by name', async () => {
    const api = createFakeEngine();
    const chosen = new SessionPaths();
    const ipc = createMainIpc({ api, emit: () => undefined, readSource: readSourceFile, isChosen: (p) => chosen.has(p) });
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-ipc-'));
    const dropped = path.join(dir, 'dropped.csv');
    const secret = path.join(dir, 'secret.csv');
    writeFileSync(dropped, 'a\n1\n');
    writeFileSync(secret, 'key\nhunter2\n');
    chosen.add([dropped]);
    const reply = await ipc.openPaths({ id: 'p2', paths: [secret, dropped] });
    const result = (reply as { value: ImportResult }).value;
    expect(result.tables.map((t) => t.source)).toEqual([dropped]);
    expect(result.failures).toEqual([{ source: secret, sheet: null, code: 'not_chosen', message: expect.stringMatching(/secret\.csv: refused, this file was not chosen in this session/) }]);
    expect(api.calls.map((c) => (c.args[0] as { source: string }).source)).toEqual([dropped]);
  });

  it.each([
    [{ id: 'p', paths: ['relative/file.csv'] }, /absolute/],
    [{ id: 'p', paths: ['/etc/passwd'] }, /data file/],
    [{ id: 'p', paths: [] }, /paths/],
    [{ id: 'p', paths: '/a.csv' }, /paths/],
  ])('openPaths refuses %j', async (message, pattern) => {
    const { ipc, api } = setup();
    const reply = await ipc.openPaths(message);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(pattern);
    expect(api.calls).toEqual([]);
  });
});

describe('app:// protocol', () => {
  const root = '/app/out/renderer';
  it('maps URLs to files inside the renderer directory only', () => {
    expect(resolveAppAsset(root, 'app://kpiw/')).toBe('/app/out/renderer/index.html');
    expect(resolveAppAsset(root, 'app://kpiw/assets/index-abc.js')).toBe('/app/out/renderer/assets/index-abc.js');
    expect(resolveAppAsset(root, 'app://kpiw/../../etc/passwd')).toBe('/app/out/renderer/etc/passwd');
    expect(resolveAppAsset(root, 'app://kpiw/%2e%2e/%2e%2e/etc/passwd')).toBe('/app/out/renderer/etc/passwd');
    expect(resolveAppAsset(root, 'app://kpiw/%E0%A4%A')).toBeNull();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
  });
  it('recognises its own origin', () => {
    expect(isAppUrl('app://kpiw/index.html')).toBe(true);
    expect(isAppUrl('app://kpiwevil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
  });
});

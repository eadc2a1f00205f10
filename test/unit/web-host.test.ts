import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src/web/server';
import { parsePort, DEFAULT_PORT } from '../../src/web/args';
import { createEngineClient, EngineError, type EngineClient } from '../../src/renderer/transport/client';
import { createWebSocketChannel } from '../../src/renderer/transport/websocket';
import { encodeBinaryFrame } from '../../src/shared/rpc';
import type { EngineEvent } from '../../src/shared/api';
import { createFakeEngine, type FakeEngine } from './fakeEngine';

let server: RunningServer;
const engines: FakeEngine[] = [];
const rendererDir = mkdtempSync(path.join(tmpdir(), 'kpiw-web-'));

beforeAll(async () => {
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>KPI Workbench</title>');
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(rendererDir), 'kpiw-secret.txt'), 'secret');
  server = await startServer({
    // The tests below leave their connections open; the cap has a test of its own.
    port: 0, rendererDir, sampleDir: rendererDir, maxConnections: 1000,
    createEngine: async () => { const e = createFakeEngine(); engines.push(e); return e; },
  });
  // The renderer's WebSocket channel uses the browser's WebSocket; `ws` offers the same interface
  // (a browser sends the page's Origin by itself).
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string) {
      super(url, { origin: new URL(url).origin.replace('ws:', 'http:') });
    }
  };
});
afterAll(async () => { await server.close(); });

function get(pathname: string, host = `127.0.0.1:${server.port}`): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connectClient(): EngineClient {
  return createEngineClient(createWebSocketChannel(`ws://127.0.0.1:${server.port}/ws`));
}

describe('web host: static files', () => {
  it('listens on 127.0.0.1 and serves the page with a strict CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('KPI Workbench');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('does not serve files outside the renderer directory', async () => {
    expect((await get('/../kpiw-secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/kpiw-secret.txt')).status).toBe(404);
    expect((await get('/nothing-here.js')).status).toBe(404);
  });

  it('refuses requests for other host names (DNS rebinding)', async () => {
    expect((await get('/', `evil.example:${server.port}`)).status).toBe(421);
    expect((await get('/', `localhost:${server.port}`)).status).toBe(200);
  });

  it('parses --port', () => {
    expect(parsePort([])).toBe(DEFAULT_PORT);
    expect(parsePort(['--port', '8080'])).toBe(8080);
    expect(parsePort(['--port=0'])).toBe(0);
    expect(() => parsePort(['--port'])).toThrow(/port number/);
    expect(() => parsePort(['--port', '99999'])).toThrow(/port number/);
  });
});

describe('web host: engine over WebSocket', () => {
  it('refuses a WebSocket from another origin', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: 'https://evil.example' });
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('error', (e) => resolve(e.message));
    });
    expect(outcome).toMatch(/401|403|Unexpected server response/);
  });

  it('runs calls through the renderer client, with a fresh engine per connection', async () => {
    const client = connectClient();
    expect(await client.listTables()).toEqual([]);
    expect(await client.getRows({ table: 't', offset: 40, limit: 20 })).toEqual({ columns: ['__row'], rows: [[42]], total: 1 });
    const engine = engines.at(-1)!;
    expect(engine.calls.map((c) => c.method)).toEqual(['listTables', 'getRows']);
  });

  it('uploads a file as one binary frame, bytes intact, with progress and tablesChanged', async () => {
    const client = connectClient();
    const events: EngineEvent[] = [];
    client.onEvent((e) => events.push(e));
    const bytes = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const progress: number[] = [];
    const result = await client.openFile({ source: 'big.csv', bytes, options: { delimiter: ';' } }, (p) => progress.push(p.fraction));
    expect(result.tables[0]).toMatchObject({ source: 'big.csv', rowCount: bytes.length });
    const req = engines.at(-1)!.calls[0].args[0] as { bytes: Uint8Array; options: unknown };
    expect(req.options).toEqual({ delimiter: ';' });
    expect(Buffer.from(req.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(progress).toEqual([1]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events.some((e) => e.type === 'tablesChanged')).toBe(true);
  });

  it('returns bytes (workspace, report) as binary, and sends a workspace as bytes', async () => {
    const client = connectClient();
    expect(await client.saveWorkspace()).toEqual(new Uint8Array([0x4b, 0x50, 0x49, 0x57, 0, 255]));
    await client.loadWorkspace(new Uint8Array([1, 2, 3]));
    expect(engines.at(-1)!.calls[1]).toEqual({ method: 'loadWorkspace', args: [new Uint8Array([1, 2, 3])] });
  });

  it('opens local File objects, turning a failing file into a failure entry while the rest imports', async () => {
    const client = connectClient();
    const files = [new File(['junk'], 'boom.csv'), new File(['a,b\n1,2\n'], 'good.csv')];
    const result = await client.openLocalFiles(files);
    expect(result.tables.map((t) => t.source)).toEqual(['good.csv']);
    expect(result.failures).toEqual([{ source: 'boom.csv', sheet: null, code: 'unknown_format', message: 'boom.csv: not a CSV or XLSX file (binary content)' }]);
  });

  it('cancels an import', async () => {
    const client = connectClient();
    const controller = new AbortController();
    const pending = client.openFile({ source: 'hang.csv', bytes: new Uint8Array(5) }, () => controller.abort(), controller.signal);
    await expect(pending).rejects.toMatchObject({ name: 'EngineError', code: 'cancelled' });
  });

  it('rejects invalid messages with a clear error and keeps the connection usable', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((r) => ws.on('open', r));
    const replies: unknown[] = [];
    ws.on('message', (data, isBinary) => { if (!isBinary) replies.push(JSON.parse(String(data))); });
    ws.send('not json');
    ws.send(JSON.stringify({ kind: 'call', id: 'a', method: 'getRows', args: [{ table: 't', offset: 0, limit: 'all' }] }));
    ws.send(encodeBinaryFrame({ kind: 'call', id: 'b', method: 'openFile', args: [{ source: 'x.csv', bytes: undefined, extra: true }] }, new Uint8Array(1)));
    // UI state is bounded as on the desktop: 2 MB of it is refused before the engine sees it.
    ws.send(JSON.stringify({ kind: 'call', id: 'd', method: 'saveWorkspace', args: [{ notes: 'x'.repeat(2_000_000) }] }));
    ws.send(JSON.stringify({ kind: 'call', id: 'c', method: 'listTables', args: [] }));
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
    expect(replies).toEqual([
      { kind: 'result', id: '', ok: false, error: { code: 'invalid_request', message: 'message is not JSON' } },
      { kind: 'result', id: 'a', ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/getRows.*limit/) } },
      { kind: 'result', id: 'b', ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/openFile.*extra/) } },
      { kind: 'result', id: 'd', ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/saveWorkspace.*UI state is not JSON of at most 1,000,000 characters/) } },
      { kind: 'result', id: 'c', ok: true, value: [] },
    ]);
  });

  it('closes the engine when the connection ends', async () => {
    const client = connectClient();
    await client.listTables();
    const engine = engines.at(-1)!;
    await server.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.closed).toBe(true);
    await expect(client.listTables()).rejects.toBeInstanceOf(EngineError);
    server = await startServer({ port: 0, rendererDir, sampleDir: rendererDir, createEngine: async () => createFakeEngine() });
  });
});

describe('web host: bounded', () => {
  it('serves at most maxConnections tabs at once, each with one engine; the next is told why, and a closed tab frees its place', async () => {
    const started: FakeEngine[] = [];
    const bounded = await startServer({
      port: 0, rendererDir, sampleDir: rendererDir, maxConnections: 2,
      createEngine: async () => { const e = createFakeEngine(); started.push(e); return e; },
    });
    const origin = `http://127.0.0.1:${bounded.port}`;
    const connect = () => new Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${bounded.port}/ws`, { origin });
      const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
      ws.on('open', () => resolve({ ws, closed }));
      ws.on('error', reject);
    });
    try {
      const a = await connect();
      await connect();
      const third = await connect();
      expect(await third.closed).toMatchObject({ code: 1013, reason: expect.stringMatching(/already open in 2 tabs/) });
      a.ws.close();
      await a.closed;
      await new Promise((r) => setTimeout(r, 100));
      const fourth = await connect();
      await new Promise((r) => setTimeout(r, 200));
      expect(fourth.ws.readyState).toBe(WebSocket.OPEN);
      await new Promise((r) => setTimeout(r, 100));
      expect(started.length).toBe(3);
    } finally {
      await bounded.close();
    }
  });
});

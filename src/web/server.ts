// The web host: serves the built renderer on 127.0.0.1 only and runs an engine per WebSocket
// connection (`/ws`), speaking the same validated protocol as Electron IPC (src/shared/rpc.ts).
import http from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BYTES_ARG, createDispatcher, decodeBinaryCall, encodeBinaryFrame, toRpcError, type HostMessage, type ResultMessage } from '../shared/rpc';
import { MAX_FILE_BYTES, ValidationError } from '../shared/schemas';
import { startEngine, withHostApi, type HostedEngine } from '../engine/host/hostedEngine';
import { isAllowedHost, isAllowedOrigin, securityHeaders } from './security';

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Directory of the built renderer (index.html and assets). */
  rendererDir: string;
  /** Directory of the bundled sample workspace. */
  sampleDir: string;
  /** Creates the engine of one connection (default: startEngine). */
  createEngine?: () => Promise<HostedEngine>;
  /** Connections (browser tabs) served at once, each with its own engine worker (default 8). */
  maxConnections?: number;
  log?: (line: string) => void;
}

/** Each connection costs an engine worker (a sql.js heap); a few tabs are plenty on one machine. */
const DEFAULT_MAX_CONNECTIONS = 8;
/** WebSocket close code 1013: try again later. */
const CLOSE_TRY_AGAIN_LATER = 1013;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const createEngine = options.createEngine ?? startEngine;
  const rendererDir = path.resolve(options.rendererDir);
  let port = options.port;

  const server = http.createServer((req, res) => {
    void serveStatic(req, res).catch((err: unknown) => {
      log(`web host: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error');
    });
  });

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const headers = securityHeaders({ host: HOST, port });
    if (!isAllowedHost(req.headers.host, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end('This server answers only on 127.0.0.1 / localhost.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...headers });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, headers);
      res.end();
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(rendererDir, '.' + path.posix.normalize(rel));
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end('not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.byteLength,
      // Built assets carry a content hash in their names; the HTML must always be fresh.
      'Cache-Control': file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_FILE_BYTES + 256 * 1024,
    verifyClient: (info: { origin: string; req: http.IncomingMessage }) =>
      isAllowedHost(info.req.headers.host, port) && isAllowedOrigin(info.origin, port),
  });

  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  let open = 0;
  wss.on('connection', (socket) => {
    if (open >= maxConnections) {
      log(`web host: refused a connection: ${open} already open (at most ${maxConnections})`);
      socket.close(CLOSE_TRY_AGAIN_LATER, `KPI Workbench is already open in ${open} tabs; close one and reload`);
      return;
    }
    open++;
    socket.once('close', () => { open--; });
    void serveConnection(socket, createEngine, options.sampleDir, log);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/`;
  return {
    url,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function serveConnection(socket: WebSocket, createEngine: () => Promise<HostedEngine>, sampleDir: string, log: (line: string) => void): Promise<void> {
  // Messages arriving while the engine starts are queued, not lost.
  const queue: Array<{ data: RawData; isBinary: boolean }> = [];
  let handle: ((data: RawData, isBinary: boolean) => void) | null = null;
  socket.on('message', (data, isBinary) => (handle ? handle(data, isBinary) : queue.push({ data, isBinary })));

  let engine: HostedEngine;
  try {
    engine = await createEngine();
  } catch (err) {
    log(`web host: engine failed to start: ${String(err)}`);
    socket.close(1011, 'engine failed to start');
    return;
  }
  if (socket.readyState !== socket.OPEN) {
    await engine.close().catch(() => undefined);
    return;
  }
  const send = (msg: HostMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };
  const dispatcher = createDispatcher(withHostApi(engine, sampleDir), (event) => send({ kind: 'event', event }));

  const reply = (result: ResultMessage | null) => {
    if (!result || socket.readyState !== socket.OPEN) return;
    if (result.ok && result.value instanceof Uint8Array) {
      socket.send(encodeBinaryFrame({ ...result, value: BYTES_ARG }, result.value));
    } else {
      socket.send(JSON.stringify(result));
    }
  };

  handle = (data, isBinary) => {
    let message: unknown;
    try {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      message = isBinary ? decodeBinaryCall(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)) : JSON.parse(buf.toString('utf8'));
    } catch (err) {
      const e = err instanceof ValidationError ? err : new ValidationError('message is not JSON');
      reply({ kind: 'result', id: '', ok: false, error: toRpcError(e) });
      return;
    }
    void dispatcher.handle(message).then(reply);
  };
  for (const m of queue.splice(0)) handle(m.data, m.isBinary);

  socket.on('close', () => {
    dispatcher.cancelAll();
    void engine.close().catch(() => undefined);
  });
}

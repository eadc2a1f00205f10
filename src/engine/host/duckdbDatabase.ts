// DuckDB behind the synchronous sql.js surface the metric families use (run, prepare → bind/step/
// get/getAsObject/getColumnNames/free). @duckdb/node-api is asynchronous only, so it runs in a
// worker thread and every call blocks on Atomics.wait until the worker has answered: the families
// stay one synchronous code path, rendered per dialect, on either engine. Node-only, hence in host/.
//
// @duckdb/node-api is an optional dependency, loaded only here and only when asked for.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { Database } from '../store/database';
import { MessageError } from '../messageError';

type Value = number | string | Uint8Array | null;
interface Answer { ok: boolean; error?: string; columns?: string[]; rows?: Value[][] }

// The worker's source (an eval worker: no file to locate next to a bundle). It converts DuckDB's
// values to what sql.js returns: BIGINT/HUGEINT/DECIMAL → number, BOOLEAN → 0/1, dates → ISO text.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const conv = (v) => typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0)
  : v === undefined ? null : v instanceof Date ? v.toISOString() : (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) ? String(v) : v;
(async () => {
  const duck = await import(workerData.url);
  const instance = await duck.DuckDBInstance.create(workerData.path, { threads: String(workerData.threads) });
  const con = await instance.connect();
  const { port, flag } = workerData;
  const signal = new Int32Array(flag);
  port.on('message', async ({ sql, params }) => {
    let answer;
    try {
      let reader = null;
      if (params && params.length) {
        reader = await con.runAndReadAll(sql, params);
      } else {
        const stmts = await con.extractStatements(sql);
        for (let i = 0; i < stmts.count; i++) {
          const p = await stmts.prepare(i);
          reader = await p.runAndReadAll();
        }
      }
      answer = reader
        ? { ok: true, columns: reader.columnNames(), rows: reader.getRowsJS().map((r) => r.map(conv)) }
        : { ok: true, columns: [], rows: [] };
    } catch (e) {
      answer = { ok: false, error: e && e.message ? e.message : String(e) };
    }
    port.postMessage(answer);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
})().catch((e) => { console.error('kpiw duckdb worker: ' + (e && e.message ? e.message : e)); process.exit(1); });
`;

/** Where @duckdb/node-api is installed, or an Error saying how to get it. */
export function duckdbModuleUrl(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;
  } catch {
    throw new MessageError('engineError.duckdbMissing', { option: '--engine duckdb', package: '@duckdb/node-api', command: 'npm install @duckdb/node-api' }, 'duckdb_missing');
  }
}

export interface DuckdbDatabase {
  /** The sql.js-shaped handle the engine's SQL helpers and the metric families take. */
  db: Database;
  close(): void;
}

/** Opens an in-memory (or file) DuckDB database behind a synchronous, sql.js-shaped handle. */
export function openDuckdbDatabase(opts: { path?: string; threads?: number } = {}): DuckdbDatabase {
  const url = duckdbModuleUrl();
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { url, path: opts.path ?? ':memory:', threads: opts.threads ?? 2, port: port2, flag },
    transferList: [port2],
  });
  worker.unref();
  let dead: string | null = null;
  worker.on('error', (e: Error) => { dead = e.message; });
  const wait = (): void => {
    while (Atomics.load(signal, 0) === 0) {
      if (dead) throw new Error(`DuckDB worker failed: ${dead}`);
      Atomics.wait(signal, 0, 0, 200);
    }
  };
  wait(); // connected
  const call = (sql: string, params?: readonly Value[]): { columns: string[]; rows: Value[][] } => {
    Atomics.store(signal, 0, 0);
    port1.postMessage({ sql, params: params ? [...params] : undefined });
    wait();
    const msg = receiveMessageOnPort(port1)?.message as Answer | undefined;
    if (!msg) throw new Error('DuckDB worker gave no answer');
    if (!msg.ok) throw new Error(msg.error ?? 'DuckDB error');
    return { columns: msg.columns ?? [], rows: msg.rows ?? [] };
  };
  const asArray = (p: unknown): Value[] | undefined => {
    if (p == null) return undefined;
    if (Array.isArray(p)) return p.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Value)));
    throw new Error('DuckDB handle: named parameters are bound by prepare().bind()');
  };
  // sql.js's named parameters ({ ':t': 5 }) become positional ones: each :t/$t/@t in the SQL a ?.
  const positional = (sql: string, p: Record<string, unknown>): { sql: string; values: Value[] } => {
    const values: Value[] = [];
    const text = sql.replace(/(?<![:\w])([:$@])([A-Za-z_]\w*)/g, (m: string, sigil: string, name: string) => {
      const key = [`${sigil}${name}`, `:${name}`, `$${name}`, `@${name}`, name].find((k) => k in p);
      if (key === undefined) return m;
      values.push(p[key] as Value);
      return '?';
    });
    return { sql: text, values };
  };

  const prepare = (original: string) => {
    let sql = original;
    let bound: Value[] | undefined;
    let result: { columns: string[]; rows: Value[][] } | null = null;
    let at = -1;
    return {
      bind(params?: unknown) {
        if (params != null && !Array.isArray(params) && typeof params === 'object') {
          const p = positional(original, params as Record<string, unknown>);
          sql = p.sql;
          bound = p.values;
        } else {
          sql = original;
          bound = asArray(params);
        }
        result = null; at = -1; return true;
      },
      step() {
        result ??= call(sql, bound);
        at++;
        return at < result.rows.length;
      },
      get() { return result!.rows[at]!; },
      getAsObject() {
        const row = result!.rows[at]!;
        return Object.fromEntries(result!.columns.map((c, i) => [c, row[i]]));
      },
      getColumnNames() { return (result ??= call(sql, bound)).columns; },
      run(params?: unknown) { call(sql, asArray(params) ?? bound); result = null; at = -1; },
      reset() { result = null; at = -1; return true; },
      free() { result = null; return true; },
    };
  };

  const db = {
    run(sql: string, params?: unknown) { call(sql, asArray(params)); return db; },
    exec(sql: string, params?: unknown) {
      const r = call(sql, asArray(params));
      return r.columns.length ? [{ columns: r.columns, values: r.rows }] : [];
    },
    prepare,
    close() { void worker.terminate(); },
  };
  return { db: db as unknown as Database, close: () => { void worker.terminate(); } };
}

// Autosave for the web host: the last autosaved workspace lives in the browser's IndexedDB, and a
// session marker in localStorage says whether the page was closed cleanly (pagehide). After an
// unclean end (the tab or browser crashed, the machine went down) the autosave is offered back.
const DB_NAME = 'kpiw';
const STORE = 'autosave';
const KEY = 'latest';
const SESSION_KEY = 'kpiw.session';

export interface StoredAutosave { bytes: Uint8Array; savedAt: string }

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export async function readBrowserAutosave(): Promise<StoredAutosave | null> {
  const v = await withStore<StoredAutosave | undefined>('readonly', (s) => s.get(KEY));
  return v && v.bytes instanceof Uint8Array ? v : null;
}

export async function writeBrowserAutosave(bytes: Uint8Array): Promise<void> {
  await withStore('readwrite', (s) => s.put({ bytes, savedAt: new Date().toISOString() } satisfies StoredAutosave, KEY));
}

export async function clearBrowserAutosave(): Promise<void> {
  await withStore('readwrite', (s) => s.delete(KEY));
}

/**
 * Marks this page's session as running and remembers at pagehide that it ended cleanly. Returns
 * whether the previous session ended cleanly (true when there was none).
 */
let previousEndedCleanly: boolean | null = null;

export function beginBrowserSession(): boolean {
  // Once per page load (React may create the host twice in development).
  if (previousEndedCleanly !== null) return previousEndedCleanly;
  const previous = localStorage.getItem(SESSION_KEY);
  previousEndedCleanly = previous !== 'running';
  localStorage.setItem(SESSION_KEY, 'running');
  addEventListener('pagehide', () => localStorage.setItem(SESSION_KEY, 'clean'));
  // Back from the back/forward cache: running again.
  addEventListener('pageshow', (e) => { if (e.persisted) localStorage.setItem(SESSION_KEY, 'running'); });
  return previousEndedCleanly;
}

/** How often the workspace is autosaved while it has changes (localStorage 'kpiw.autosaveMs' overrides). */
export function autosaveIntervalMs(): number {
  const override = Number(localStorage.getItem('kpiw.autosaveMs'));
  return Number.isFinite(override) && override >= 1000 ? override : 2 * 60 * 1000;
}

// The app:// scheme that serves the built renderer inside Electron (instead of file://, which
// would give the page access to every file URL). Plain module, unit-tested.
import path from 'node:path';
import { contentSecurityPolicy } from '../shared/csp';

export const APP_ORIGIN = 'app://kpiw';

/** The desktop page's Content-Security-Policy header: nothing but its own files. */
export const APP_CSP = contentSecurityPolicy({ forbidFraming: true });

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(APP_ORIGIN + '/');
}

/** The file under `rootDir` an app:// URL names, or null (other host, traversal, bad encoding). */
export function resolveAppAsset(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'app:' || parsed.host !== 'kpiw') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, '.' + path.posix.normalize(rel));
  return file.startsWith(root + path.sep) ? file : null;
}

// Command-line arguments of `npm run serve`.

export const DEFAULT_PORT = 5199;

export function parsePort(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return DEFAULT_PORT;
  const text = argv[i].includes('=') ? argv[i].slice('--port='.length) : argv[i + 1];
  const port = /^\d{1,5}$/.test(text ?? '') ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number 0–65535, got "${text ?? ''}"`);
  return port;
}

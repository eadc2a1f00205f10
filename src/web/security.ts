// Security headers of the web host. The page loads nothing from elsewhere: scripts, styles,
// fonts and images come from the host itself; the only connection is the engine's WebSocket.
import { contentSecurityPolicy } from '../shared/csp';

export function pageSecurityPolicy(origin: { host: string; port: number }): string {
  return contentSecurityPolicy({ connect: [`ws://${origin.host}:${origin.port}`], forbidFraming: true });
}

export function securityHeaders(origin: { host: string; port: number }): Record<string, string> {
  return {
    'Content-Security-Policy': pageSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** Loopback names a request may carry in Host/Origin (guards against DNS rebinding). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

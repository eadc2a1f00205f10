// The one Content-Security-Policy of the renderer page: nothing is loaded from elsewhere. Each
// host adds only what differs — the web host its WebSocket, headers their frame-ancestors rule
// (which a <meta> tag cannot carry).
export interface CspOptions {
  /** Extra connect-src sources (the web host's ws:// endpoint). */
  connect?: string[];
  /** Add frame-ancestors 'none' (only meaningful in an HTTP header). */
  forbidFraming?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // AG Grid and ECharts set styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.forbidFraming ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

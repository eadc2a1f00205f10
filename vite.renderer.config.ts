// The renderer's Vite build, shared by the web host (scripts/serve.mjs builds with this file) and
// Electron (electron.vite.config.ts reuses it), so both ship the same page into out/renderer.
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './src/shared/csp.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The page's Content-Security-Policy as a <meta> tag, so it holds wherever the HTML is loaded
 * (Electron's app:// protocol, the web host). Hosts add stricter headers on top. Build only:
 * Vite's dev server injects inline scripts for hot reload.
 */
export const RENDERER_CSP = contentSecurityPolicy();

/** The app icon inline (a small bar chart), so no request for /favicon.ico goes unanswered. */
const ICON = 'data:image/svg+xml,' + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2563eb"/>'
  + '<rect x="3" y="8" width="2" height="5" fill="#fff"/><rect x="7" y="5" width="2" height="8" fill="#fff"/><rect x="11" y="3" width="2" height="10" fill="#fff"/></svg>',
);

function cspMetaPlugin(): Plugin {
  return {
    name: 'kpiw-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
      { tag: 'link', attrs: { rel: 'icon', href: ICON }, injectTo: 'head' },
    ],
  };
}

export const rendererConfig: UserConfig = {
  root: path.join(root, 'src/renderer'),
  // Relative asset URLs: the same build loads from app://kpiw/ and http://127.0.0.1:PORT/.
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { input: path.join(root, 'src/renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);

// electron-vite builds the three parts of the desktop app into out/: main (Node, ESM), preload
// (sandboxed, so one self-contained CommonJS file) and the renderer (same build as the web host).
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.renderer.config';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: path.join(root, 'out/main'),
      rolldownOptions: { input: { index: path.join(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out/preload'),
      rolldownOptions: {
        input: { index: path.join(root, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules or other files: bundle everything into CJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig,
});

// Builds the terminal app in client/ into dist/client, which the bridge serves.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  base: './',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle on purpose: the page is served from loopback, and xterm.js alone is most of it.
    chunkSizeWarningLimit: 800,
    // The page is served by the bridge under a strict CSP: no inline scripts, no eval.
    modulePreload: { polyfill: false },
  },
});

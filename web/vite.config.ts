// Builds the recruiter app into web/dist, served by the Fastify server at /app (src/modules/webapp).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget of docs/benchmarks.md is checked by test/web/bundle-size.test.ts, not by a warning.
    chunkSizeWarningLimit: 600,
    // The strict CSP allows no inline script: never inline the module-preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // .vite/manifest.json: what each screen loads (scripts/bundle-size.ts); not served.
    manifest: true,
  },
  server: {
    // `npm run dev:web`: the API runs on `npm run dev` (port 3000).
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});

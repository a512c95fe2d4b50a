import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is served by the Sluice process itself (same origin), so the dev server proxies /api to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': process.env.SLUICE_URL ?? 'http://127.0.0.1:8080' } },
});

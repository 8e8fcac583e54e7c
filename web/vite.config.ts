import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two pages: the staff console (index.html, served at / with the SPA fallback) and the ballot
// page for phones (vote.html, served at /vote), which shares none of the console's code.
// `npm run dev` proxies /api to a service on :3000 (or API_URL).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { index: resolve(__dirname, 'index.html'), vote: resolve(__dirname, 'vote.html') },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/notices'].map((path) => [path, process.env.API_URL ?? 'http://localhost:3000']),
    ),
  },
});
